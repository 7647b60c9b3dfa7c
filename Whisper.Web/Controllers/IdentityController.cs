using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>Joining: a POST, never a GET, so crawlers and prefetchers cannot burn names.</summary>
public sealed class IdentityController(Visitors visitors, RoomRegistry rooms, RoomChat chat) : Controller
{
    [HttpPost("/identity")]
    [RequestSizeLimit(16 * 1024)]
    public async Task<IActionResult> Join([FromForm] bool accept, [FromForm] string? room)
    {
        var target = rooms.Find(room) ?? rooms.Find(RoomRegistry.Lobby)!;
        var already = await visitors.CurrentAsync(HttpContext);
        if (!accept && already is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var composer = new ComposerForm(target.Name, chat.MaxLength);
            return View("Room", rooms.PageFor(target, null, composer,
                "To join, confirm that you are old enough and accept the terms."));
        }

        await visitors.JoinAsync(HttpContext);
        return this.SeeOther($"/chat/{Uri.EscapeDataString(target.Name)}#composer");
    }
}
