using Htmx;
using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>Posting a message: in place with htmx, or a plain form post answered with 303 back to the room.</summary>
public sealed class MessagesController(RoomRegistry rooms, RoomChat chat, Visitors visitors) : Controller
{
    /// <summary>Room for the longest message URL-encoded several times over, and no more.</summary>
    private const int MaxPostBytes = 64 * 1024;

    [HttpPost("/chat/{room}/messages")]
    [RequestSizeLimit(MaxPostBytes)]
    [RequestFormLimits(ValueLengthLimit = MaxPostBytes)]
    public async Task<IActionResult> Post([FromRoute] string room)
    {
        // Read raw: model binding would turn whitespace into null, and the composer must give back exactly what was typed.
        string? text = Request.Form["text"];
        if (rooms.Find(room) is not { } found)
        {
            return NotFound();
        }

        var me = await visitors.CurrentAsync(HttpContext);
        if (me is null)
        {
            return Refuse(found, null, text, "Join first to post: choose Join below.", StatusCodes.Status403Forbidden);
        }

        var (message, error) = await chat.PostAsync(found, me, text);
        if (message is null)
        {
            return Refuse(found, me, text, error ?? "That message could not be posted.", StatusCodes.Status422UnprocessableEntity);
        }

        return Request.IsHtmx()
            ? PartialView("_Composer", new ComposerForm(found.Name, chat.MaxLength, Focus: true))
            // Without script the list is a scroll box that opens at the top: the fragment scrolls it to the new message.
            : this.SeeOther($"/chat/{Uri.EscapeDataString(found.Name)}#{message.DomId}");
    }

    private IActionResult Refuse(Room room, Visitor? me, string? text, string error, int status)
    {
        Response.StatusCode = status;
        var composer = new ComposerForm(room.Name, chat.MaxLength, text, error, Focus: true);
        return Request.IsHtmx()
            ? PartialView("_Composer", composer)
            : View("Room", rooms.PageFor(room, me, composer));
    }
}
