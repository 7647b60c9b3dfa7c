using System.Globalization;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>How a post is answered, for messages and uploads alike: a fresh composer, or the refused one with its sentence.</summary>
public static class ComposerResults
{
    /// <summary>
    /// htmx gets the composer alone (swapped for 403 and 422; other refusals as plain text beside it, the form kept as typed);
    /// without script, the whole room page with the composer showing the reason.
    /// </summary>
    public static IActionResult Refuse(
        this Controller controller, RoomPageBuilder pages, Room room, Visitor? me, int maxLength, string? text, Refusal refusal, Quote? reply = null, long? editing = null)
    {
        var response = controller.Response;
        response.StatusCode = refusal.Status;
        if (refusal.RetryAfter is { } retry)
        {
            response.Headers.RetryAfter = Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        // A refused answer or edit stays one: the quote or the edit comes back with the text.
        var composer = new ComposerForm(room.Name, maxLength, text, refusal.Message, Focus: true) { Reply = reply, Editing = editing };
        if (!controller.Request.IsHtmx())
        {
            return controller.View(RoomViews.Page, pages.For(controller.HttpContext, room, me, composer) with { CannotPost = null });
        }

        return refusal.Status is StatusCodes.Status403Forbidden or StatusCodes.Status422UnprocessableEntity
            ? controller.PartialView(RoomViews.Composer, composer)
            : PlainText.Result(refusal.Status, refusal.Message);
    }

    /// <summary>
    /// Posted: htmx gets a fresh composer (carrying a shadow-muted author's own copy); without script, 303 back to the
    /// room, where the fragment scrolls the list (a scroll box that opens at the top) to the new message.
    /// </summary>
    public static IActionResult Posted(this Controller controller, Room room, int maxLength, ChatMessage? message, string? shadowHtml, bool shadowInPlace = false) =>
        controller.Request.IsHtmx()
            ? controller.PartialView(RoomViews.Composer, new ComposerForm(room.Name, maxLength, Focus: true) { Echo = shadowHtml, EchoInPlace = shadowInPlace })
            : controller.SeeOther(room.Settings.Path + (message is not null ? "#" + message.DomId : "#composer"));
}
