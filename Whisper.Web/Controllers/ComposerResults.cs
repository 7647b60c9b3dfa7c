using System.Globalization;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>How a refused post is answered, for messages and uploads alike: the composer with its sentence.</summary>
public static class ComposerResults
{
    /// <summary>
    /// htmx gets the composer alone (swapped for 403 and 422; other refusals as plain text beside it, the form kept as typed);
    /// without script, the whole room page with the composer showing the reason.
    /// </summary>
    public static IActionResult Refuse(this Controller controller, RoomPages pages, Room room, Visitor? me, int maxLength, string? text, Refusal refusal)
    {
        var response = controller.Response;
        response.StatusCode = refusal.Status;
        if (refusal.RetryAfter is { } retry)
        {
            response.Headers.RetryAfter = Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        var composer = new ComposerForm(room.Name, maxLength, text, refusal.Message, Focus: true);
        if (!controller.Request.IsHtmx())
        {
            return controller.View("Room", pages.For(controller.HttpContext, room, me, composer) with { CannotPost = null });
        }

        return refusal.Status is StatusCodes.Status403Forbidden or StatusCodes.Status422UnprocessableEntity
            ? controller.PartialView("_Composer", composer)
            : PlainText.Result(refusal.Status, refusal.Message);
    }
}
