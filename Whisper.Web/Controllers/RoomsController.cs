using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>The room page, and its message list alone for a page that must reload it.</summary>
public sealed class RoomsController(RoomRegistry rooms, RoomChat chat, RoomPageBuilder pages, Membership membership, VisitorCookie cookie) : Controller
{
    [HttpGet("/chat")]
    public Task<IActionResult> Lobby() => Show(RoomRegistry.Lobby);

    /// <summary>
    /// <paramref name="reply"/>, <paramref name="edit"/> and <paramref name="react"/> are what a message's Reply, Edit
    /// and React buttons ask for without script: the composer answering it, holding its text, or its reaction choice.
    /// </summary>
    [HttpGet("/chat/{room}")]
    [KeptInHistory]
    public async Task<IActionResult> Show([FromRoute] string room, [FromQuery] long? reply = null, [FromQuery] long? edit = null, [FromQuery] long? react = null)
    {
        if (rooms.Find(room) is not { } found)
        {
            return NotFound();
        }

        var me = await membership.CurrentAsync(HttpContext);
        if (me is not null)
        {
            cookie.Refresh(Request, Response);
        }

        var composer = new ComposerForm(found.Name, chat.MaxLength);
        if (me is not null && reply is long answered && found.Find(answered) is { } original)
        {
            composer = composer with { Reply = Quote.Of(original), Focus = true };
        }

        if (me is not null && edit is long editing && Conversation.Own(found, me, editing) is { } own)
        {
            composer = composer with { Text = own.Text, Editing = editing, Focus = true };
        }

        var reacting = me is not null && react is long chosen && found.Find(chosen) is { IsAnnouncement: false } message ? Quote.Of(message) : null;
        return View(RoomViews.Page, pages.For(HttpContext, found, me, composer) with { Reacting = reacting });
    }

    [HttpGet("/chat/{room}/messages")]
    public IActionResult List([FromRoute] string room) =>
        rooms.Find(room) is { } found ? PartialView(RoomViews.Reload, found) : NotFound();
}
