using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers.Admin;

/// <summary>A report with the reported message, when its room's ring still holds it.</summary>
public sealed record ReportRow(Report Report, ChatMessage? Message);

/// <summary>The reports queue.</summary>
[AdminOnly]
public sealed class AdminReportsController(Reports reports, RoomRegistry rooms, Moderator moderator) : Controller
{
    [HttpGet("/admin/reports")]
    public async Task<IActionResult> Index() => View("Reports", (await reports.OpenAsync())
        .Select(r => new ReportRow(r, r.Sequence is { } seq ? rooms.Find(r.Room)?.Find(seq) : null))
        .ToList());

    [HttpPost("/admin/reports/{id:long}/dismiss")]
    public async Task<IActionResult> Dismiss([FromRoute] long id)
    {
        await moderator.DismissReportAsync(id);
        return this.SeeOther("/admin/reports");
    }
}
