using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>
/// Reacting to a message and deleting one's own: in place with htmx (204, or for a shadow-muted name its own changed
/// copy of the message), or a plain form post answered with 303 back to it.
/// </summary>
public sealed class ConversationController(
    RoomRegistry rooms, RoomChat chat, Conversation conversation, RoomPageBuilder pages, Membership membership, IStringLocalizer<RoomsText> words) : Controller
{
    private Refusal JoinFirst => new(words["Rooms.Refusal.JoinFirst"], StatusCodes.Status403Forbidden);

    /// <summary>Field <c>r</c> is the message's number and the emoji, as the reaction buttons send them: <c>42:👍</c>.</summary>
    [HttpPost("/chat/{room}/reactions")]
    [EnableRateLimiting(RateLimits.Changes)]
    public async Task<IActionResult> React([FromRoute] string room, [FromForm] string? r)
    {
        if (rooms.Find(room) is not { } found)
        {
            return NotFound();
        }

        var me = await membership.CurrentAsync(HttpContext);
        var separator = r?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        var sequence = separator > 0 && long.TryParse(r.AsSpan(0, separator), out var parsed) ? parsed : (long?)null;
        if (me is null || sequence is null)
        {
            return Answer(found, me, sequence, me is null ? JoinFirst : new Refusal(words["Rooms.Refusal.ChooseToReact"], StatusCodes.Status422UnprocessableEntity));
        }

        var reacted = await conversation.ReactAsync(HttpContext, found, me, sequence.Value, r![(separator + 1)..]);
        // A shadow-muted name's reaction comes back to its own page alone, swapped over the message there.
        return reacted.ShadowHtml is { } echo && Request.IsHtmx() ? Content(echo, "text/html") : Answer(found, me, sequence, reacted.Refusal);
    }

    [HttpPost("/chat/{room}/deletions")]
    [EnableRateLimiting(RateLimits.Changes)]
    public async Task<IActionResult> Delete([FromRoute] string room, [FromForm] long? seq)
    {
        if (rooms.Find(room) is not { } found)
        {
            return NotFound();
        }

        var me = await membership.CurrentAsync(HttpContext);
        var refusal = me is null ? JoinFirst
            : seq is null ? new Refusal(words["Rooms.Refusal.ChooseToDelete"], StatusCodes.Status422UnprocessableEntity)
            : await conversation.DeleteAsync(found, me, seq.Value);
        // Deleted: back to where it was, which is the list around it.
        return Answer(found, me, refusal is null ? null : seq, refusal);
    }

    /// <summary>htmx: 204, or the sentence as plain text (room.js shows it). Without script: 303 to the message, or the room page saying why.</summary>
    private IActionResult Answer(Room room, Visitor? me, long? sequence, Refusal? refusal)
    {
        if (refusal is null)
        {
            return Request.IsHtmx() ? NoContent() : this.SeeOther(room.Settings.Path + (sequence is long s ? "#" + ChatMessage.DomIdFor(room.Name, s) : "#composer"));
        }

        return Request.IsHtmx() ? PlainText.Result(refusal.Status, refusal.Message) : this.Refuse(pages, room, me, chat.MaxLength, null, refusal);
    }
}
