using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;

namespace Whisper.Web.Controllers.Admin;

public sealed record BansPage(IReadOnlyList<Ban> Bans, IReadOnlyList<(string Name, DateTimeOffset MutedAt)> Muted, IReadOnlyList<(long Key, string Address, TimeSpan Left)> Blocks);

/// <summary>Bans, shadow-mutes and the automatic address blocks, and lifting each.</summary>
[TeamOnly]
public sealed class AdminBansController(Sanctions sanctions, RepeatOffenders offenders, ClientAddresses addresses, Moderator moderator, Rooms.RoomRegistry rooms, IStringLocalizer<AdminText> text) : AdminPages
{
    /// <summary>The name's three latest messages still held in any room, newest first.</summary>
    private List<Rooms.ChatMessage> RecentBy(string name) => rooms.All
        .SelectMany(r => r.Snapshot().Messages)
        .Where(m => m.Author == name && !m.IsAnnouncement)
        .OrderByDescending(m => m.PostedAt).Take(3).ToList();

    [HttpGet("/admin/bans")]
    public IActionResult Index() => View("Bans", new BansPage(
        sanctions.ActiveBans.ToList(),
        sanctions.Muted.ToList(),
        // Shown to the operator from memory only; the page is the one place an address is ever displayed.
        offenders.Blocked.Select(a => (a.Key, a.Address.ToString(), offenders.BlockedFor(a) ?? TimeSpan.Zero)).ToList()));

    [HttpGet("/admin/bans/new")]
    public IActionResult New([FromQuery] string? name) =>
        name is not null && NameGenerator.LooksLikeName(name) ? View("Ban", new BanForm(name!, AddressKnown: addresses.LastUsedBy(name!) is not null) { Recent = RecentBy(name!) }) : NotFound();

    [HttpPost("/admin/bans")]
    public async Task<IActionResult> Ban([FromForm] string? name, [FromForm] string? reason, [FromForm] string? duration, [FromForm] bool alsoAddress, [FromForm] bool muteInstead)
    {
        if (name is null || !NameGenerator.LooksLikeName(name))
        {
            return NotFound();
        }

        if (muteInstead)
        {
            await moderator.MuteAsync(name!);
            return this.SeeOther("/admin/bans");
        }

        var trimmed = (reason ?? "").Trim();
        var error = !BanForm.TryParseDuration(duration, out var length) || trimmed.Length > 200 ? text["Ban.Error.Choice"]
            : length is null && !User.IsAdmin() ? text[BanForm.ModeratorsLongest]
            : null;
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Ban", new BanForm(name!, reason, duration ?? "", alsoAddress, error, addresses.LastUsedBy(name!) is not null) { Recent = RecentBy(name!) });
        }

        await moderator.BanAsync(name!, length, trimmed, alsoAddress);
        return this.SeeOther("/admin/bans");
    }

    [HttpPost("/admin/bans/lift")]
    public async Task<IActionResult> Lift([FromForm] string? name)
    {
        await moderator.LiftBanAsync(name ?? "");
        return this.SeeOther("/admin/bans");
    }

    [HttpPost("/admin/mutes/lift")]
    public async Task<IActionResult> Unmute([FromForm] string? name)
    {
        await moderator.UnmuteAsync(name ?? "");
        return this.SeeOther("/admin/bans");
    }

    [HttpPost("/admin/blocks/lift")]
    public async Task<IActionResult> LiftBlock([FromForm] long key)
    {
        await moderator.LiftBlockAsync(key);
        return this.SeeOther("/admin/bans");
    }
}
