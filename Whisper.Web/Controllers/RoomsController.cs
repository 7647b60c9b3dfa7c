using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Identity;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>The room page, and its message list alone for a page that must reload it.</summary>
public sealed class RoomsController(RoomRegistry rooms, RoomChat chat, RoomPageBuilder pages, Membership membership, VisitorCookie cookie) : Controller
{
    [HttpGet("/chat")]
    public Task<IActionResult> Lobby() => Show(RoomRegistry.Lobby);

    [HttpGet("/chat/{room}")]
    public async Task<IActionResult> Show([FromRoute] string room)
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

        return View(RoomViews.Page, pages.For(HttpContext, found, me, new ComposerForm(found.Name, chat.MaxLength)));
    }

    [HttpGet("/chat/{room}/messages")]
    public IActionResult List([FromRoute] string room) =>
        rooms.Find(room) is { } found ? PartialView(RoomViews.Reload, found) : NotFound();
}
