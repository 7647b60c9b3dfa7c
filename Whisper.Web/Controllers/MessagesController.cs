using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Privacy;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>Posting a message: in place with htmx, or a plain form post answered with 303 back to the room.</summary>
public sealed class MessagesController(RoomRegistry rooms, RoomChat chat, RoomPageBuilder pages, Membership membership, ClientAddresses addresses) : Controller
{
    /// <summary>Room for the longest message URL-encoded several times over, and no more.</summary>
    private const int MaxPostBytes = 64 * 1024;

    [HttpPost("/chat/{room}/messages")]
    [RequestSizeLimit(MaxPostBytes)]
    [RequestFormLimits(ValueLengthLimit = MaxPostBytes)]
    [EnableRateLimiting(RateLimits.Messages)]
    public async Task<IActionResult> Post([FromRoute] string room)
    {
        // Read raw: model binding would turn whitespace into null, and the composer must give back exactly what was typed.
        string? text = Request.Form["text"];
        if (rooms.Find(room) is not { } found)
        {
            return NotFound();
        }

        var me = await membership.CurrentAsync(HttpContext);
        if (me is null)
        {
            return Refuse(found, null, text, new Refusal("Join first to post: choose Join below.", StatusCodes.Status403Forbidden));
        }

        var (key, keyError) = SendKey.Read(Request.Form["key"]);
        if (keyError is not null)
        {
            return Refuse(found, me, text, new Refusal(keyError, StatusCodes.Status422UnprocessableEntity));
        }

        addresses.SeenAs(HttpContext, me.Name);
        var posted = await chat.PostAsync(HttpContext, found, me, text, sendKey: key);
        if (posted.Refusal is { } refusal)
        {
            return Refuse(found, me, text, refusal);
        }

        return this.Posted(found, chat.MaxLength, posted.Message, posted.ShadowHtml);
    }

    private IActionResult Refuse(Room room, Visitor? me, string? text, Refusal refusal) => this.Refuse(pages, room, me, chat.MaxLength, text, refusal);
}
