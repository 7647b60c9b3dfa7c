using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Whisper.Web.Hosting;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

public sealed record ReportForm(RoomSettings Room, ChatMessage Message, string? Error = null);

/// <summary>Reporting a room message to the moderators; works without script (a page with a form).</summary>
public sealed class ReportsController(RoomRegistry rooms, Reports reports, IStringLocalizer<AdminText> text) : Controller
{
    [HttpGet("/chat/{room}/reports/new")]
    public IActionResult New([FromRoute] string room, [FromQuery] long seq) =>
        Find(room, seq) is { } found ? View("Report", new ReportForm(found.Room.Settings, found.Message)) : Gone();

    [HttpPost("/chat/{room}/reports")]
    [EnableRateLimiting(RateLimits.Reports)]
    public async Task<IActionResult> File([FromRoute] string room, [FromForm] long seq, [FromForm] string? reason)
    {
        if (Find(room, seq) is not { } found)
        {
            return Gone();
        }

        if (reason is null || !Reports.Reasons.Contains(reason))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Report", new ReportForm(found.Room.Settings, found.Message, text["Report.Error"]));
        }

        await reports.FileAsync(Reports.RoomSource, found.Room.Name, seq, found.Message.Author, reason);
        return View("Reported", found.Room.Settings);
    }

    private (Room Room, ChatMessage Message)? Find(string room, long seq) =>
        rooms.Find(room) is { } found && found.Find(seq) is { IsAnnouncement: false } message ? (found, message) : null;

    private ViewResult Gone()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("ReportGone");
    }
}
