using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>Joining: a POST, never a GET, so crawlers and prefetchers cannot burn names.</summary>
public sealed class IdentityController(
    Membership membership, RoomRegistry rooms, RoomChat chat, RoomPageBuilder pages, Sanctions sanctions, RaidShield shield, IStringLocalizer<RoomsText> words) : Controller
{
    [HttpPost("/identity")]
    [RequestSizeLimit(16 * 1024)]
    [EnableRateLimiting(RateLimits.Joins)]
    public async Task<IActionResult> Join([FromForm] bool accept, [FromForm] string? room, [FromForm] string? challenge, [FromForm] string? solution)
    {
        var target = rooms.Find(room) ?? rooms.Find(RoomRegistry.Lobby)!;
        var already = await membership.CurrentAsync(HttpContext);
        var refusal = !accept && already is null ? words["Rooms.Refusal.AcceptTerms"]
            // An address ban also stops the way around it: a fresh name.
            : already is null ? sanctions.Refusal(HttpContext, null) ?? await shield.RefusalAsync(target.Name, challenge, solution) : null;
        if (refusal is not null)
        {
            HttpContext.Items[RaidShield.KeptChallenge] = challenge;
            Response.StatusCode = accept ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity;
            return View(RoomViews.Page, pages.For(HttpContext, target, null, new ComposerForm(target.Name, chat.MaxLength)) with { JoinError = refusal, Banned = null, CannotPost = null });
        }

        await membership.JoinAsync(HttpContext);
        // Only names actually made count towards a raid: refused attempts and retries of one person are not joins.
        if (already is null)
        {
            await shield.CountJoinAsync(target.Name);
        }

        return this.SeeOther(target.Settings.Path + "#composer");
    }
}
