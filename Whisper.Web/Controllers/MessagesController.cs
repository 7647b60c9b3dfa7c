using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Privacy;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>Posting a message: in place with htmx, or a plain form post answered with 303 back to the room.</summary>
public sealed class MessagesController(
    RoomRegistry rooms, RoomChat chat, Conversation conversation, RoomPageBuilder pages, Membership membership, ClientAddresses addresses, IStringLocalizer<RoomsText> words) : Controller
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
            return Refuse(found, null, text, new Refusal(words["Rooms.Refusal.JoinToPost"], StatusCodes.Status403Forbidden));
        }

        var (key, keyError) = SendKey.Read(Request.Form["key"], words);
        if (keyError is not null)
        {
            return Refuse(found, me, text, new Refusal(keyError, StatusCodes.Status422UnprocessableEntity));
        }

        addresses.SeenAs(HttpContext, me.Name);
        // The composer sends one of these when it answers a message or replaces one of the author's own.
        var reply = long.TryParse(Request.Form["reply"], out var answered) ? answered : (long?)null;
        if (long.TryParse(Request.Form["edit"], out var editing))
        {
            var edited = await conversation.EditAsync(HttpContext, found, me, editing, text);
            return edited.Refusal is { } refused
                ? Refuse(found, me, text, refused, editing: editing)
                : this.Posted(found, chat.MaxLength, edited.Message, edited.ShadowHtml, edited.ShadowInPlace);
        }

        var posted = await chat.PostAsync(HttpContext, found, me, text, sendKey: key, replyTo: reply);
        if (posted.Refusal is { } refusal)
        {
            return Refuse(found, me, text, refusal, reply is long r && found.Find(r) is { } original ? Quote.Of(original) : null);
        }

        return this.Posted(found, chat.MaxLength, posted.Message, posted.ShadowHtml);
    }

    /// <summary>The text of one's own message as it was typed, for the composer to edit (the page shows it formatted).</summary>
    [HttpGet("/chat/{room}/messages/{seq:long}/text")]
    public async Task<IActionResult> Text([FromRoute] string room, [FromRoute] long seq)
    {
        if (rooms.Find(room) is not { } found)
        {
            return NotFound();
        }

        var me = await membership.CurrentAsync(HttpContext);
        return me is not null && Conversation.Own(found, me, seq) is { } own
            ? PlainText.Result(StatusCodes.Status200OK, own.Text)
            : PlainText.Result(StatusCodes.Status404NotFound, words["Rooms.Refusal.NotYours"]);
    }

    /// <summary>
    /// The quote an answer to this message carries (<see cref="Quote.Of"/>), for the composer's preview while answering
    /// with script: one rule cuts both, so the preview shows exactly what will be sent.
    /// </summary>
    [HttpGet("/chat/{room}/messages/{seq:long}/quote")]
    public IActionResult Quoted([FromRoute] string room, [FromRoute] long seq) =>
        rooms.Find(room)?.Find(seq) is { } message
            ? Json(Quote.Of(message))
            : PlainText.Result(StatusCodes.Status404NotFound, words["Rooms.Refusal.QuoteGone"]);

    private IActionResult Refuse(Room room, Visitor? me, string? text, Refusal refusal, Quote? reply = null, long? editing = null) =>
        this.Refuse(pages, room, me, chat.MaxLength, text, refusal, reply, editing);
}
