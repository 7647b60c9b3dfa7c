using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers.Admin;

public sealed record Dashboard(IReadOnlyList<(RoomSettings Room, int Online)> Rooms, int OpenReports, int Held, int ActiveBans, int BlockedAddresses, RoomForm NewRoom, AnnouncementForm Announcement, ShieldOverview Shield);

public sealed record StatsPage(IReadOnlyList<(string Where, int Online)> OnlineNow, IReadOnlyList<DayFigures> Days);

/// <summary>The admin's home, the statistics and the audit log.</summary>
[TeamOnly]
public sealed class AdminController(
    RoomRegistry rooms, Talk.StrangerChat strangers, Reports reports, Sanctions sanctions, RepeatOffenders offenders, DailyStats stats, AuditLog audit, HeldMessages held, RaidShield shield) : AdminPages
{
    [HttpGet("/admin")]
    public async Task<IActionResult> Index() => View(new Dashboard(
        rooms.All.Select(r => (r.Settings, r.Presence.Count)).ToList(),
        (await reports.OpenAsync()).Count,
        held.Count,
        sanctions.ActiveBans.Count(),
        offenders.Blocked.Count(),
        new RoomForm(new RoomSettings("", "", ""), IsNew: true),
        new AnnouncementForm(null),
        await SettledShieldAsync()));

    private async Task<ShieldOverview> SettledShieldAsync()
    {
        await shield.SettleAsync();
        var overview = shield.Overview;
        // A deleted room's shield may still be on record: only rooms that exist are shown.
        return overview with { Rooms = overview.Rooms.Where(r => rooms.Find(r.Key) is not null).ToDictionary(StringComparer.OrdinalIgnoreCase) };
    }

    [HttpGet("/admin/stats")]
    public async Task<IActionResult> Stats()
    {
        var online = rooms.All.Select(r => (r.Settings.Title, r.Presence.Count)).Append(("Stranger chat", strangers.Online)).ToList();
        return View(new StatsPage(online, await stats.RecentAsync(30)));
    }

    [HttpGet("/admin/audit")]
    [AdminOnly]
    public async Task<IActionResult> Audit() => View(await audit.RecentAsync(200));
}
