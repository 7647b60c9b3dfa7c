using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers.Admin;

/// <summary>A report with the reported message, when its room's ring still holds it, and the filter its text or excerpt matches.</summary>
public sealed record ReportRow(Report Report, ChatMessage? Message, bool AddressKnown = false, Filter? Matched = null);

/// <summary>The reports queue.</summary>
[TeamOnly]
public sealed class AdminReportsController(Reports reports, RoomRegistry rooms, Talk.StrangerChat strangers, Moderator moderator, Filters filters, TimeProvider time) : AdminPages
{
    [HttpGet("/admin/reports")]
    public async Task<IActionResult> Index() => View("Reports", (await reports.OpenAsync())
        .Select(r => (Report: r, Message: r.Sequence is { } seq ? rooms.Find(r.Room)?.Find(seq) : null))
        // Filters read a stranger report's excerpt too, so the worst reports stand out; the excerpt stays as it was pasted.
        .Select(r => new ReportRow(r.Report, r.Message, strangers.ReportedAddresses.ContainsKey(r.Report.Reported), filters.Match(r.Message?.Text ?? r.Report.Excerpt, r.Report.Room)))
        .Where(r => User.MayModerate(r.Report.Room) || r.Report.Room is null)
        .ToList());

    /// <summary>A reported stranger has no name to ban: their address is banned for a day, if it is still known.</summary>
    [HttpPost("/admin/reports/{id:long}/ban-address")]
    public async Task<IActionResult> BanAddress([FromRoute] long id)
    {
        var report = (await reports.OpenAsync()).FirstOrDefault(r => r.Id == id);
        if (report is not null && strangers.ReportedAddresses.TryGetValue(report.Reported, out var key)
            && await moderator.BanAddressAsync(key, report.Reported, report.Reason, time.GetUtcNow().AddDays(1)))
        {
            await moderator.DismissReportAsync(id);
        }

        return this.SeeOther("/admin/reports");
    }

    [HttpPost("/admin/reports/{id:long}/dismiss")]
    public async Task<IActionResult> Dismiss([FromRoute] long id)
    {
        await moderator.DismissReportAsync(id);
        return this.SeeOther("/admin/reports");
    }
}
