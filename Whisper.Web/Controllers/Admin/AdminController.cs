using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Cluster;
using Whisper.Web.Hosting;
using Whisper.Web.Metrics;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers.Admin;

public sealed record Dashboard(
    IReadOnlyList<(RoomSettings Room, int Online)> Rooms, int OpenReports, int Held, int ActiveBans, int BlockedAddresses, RoomForm NewRoom, AnnouncementForm Announcement, ShieldOverview Shield,
    LiveDashboard Live);

/// <summary>The statistics page; a null <c>Where</c> is the stranger chat.</summary>
public sealed record StatsPage(IReadOnlyList<(string? Where, int Online)> OnlineNow, IReadOnlyList<DayFigures> Days);

/// <summary>The admin's home, the statistics and the audit log.</summary>
[TeamOnly]
public sealed class AdminController(
    RoomRegistry rooms, Talk.StrangerChat strangers, Reports reports, Sanctions sanctions, RepeatOffenders offenders, DailyStats stats, AuditLog audit, HeldMessages held, RaidShield shield,
    NodeFigures nodes, RoomWords roomWords) : AdminPages
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
        await SettledShieldAsync(),
        await LiveAsync()));

    /// <summary>The live figures alone: the home page polls this every few seconds and swaps the same partial in.</summary>
    [HttpGet("/admin/live")]
    [NotActivity]
    public async Task<IActionResult> Live() => PartialView("_LiveFigures", await LiveAsync());

    /// <summary>People: each joined name once, in however many rooms and on however many nodes it has a stream.</summary>
    private async Task<LiveDashboard> LiveAsync() =>
        new(rooms.All.SelectMany(r => r.Presence.Everyone).Distinct(StringComparer.Ordinal).Count(), await nodes.EverywhereAsync());

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
        var online = rooms.All.Select(r => ((string?)roomWords.Title(r.Settings), r.Presence.Count)).Append((null, strangers.Online)).ToList();
        return View(new StatsPage(online, await stats.RecentAsync(30)));
    }

    [HttpGet("/admin/audit")]
    [AdminOnly]
    public async Task<IActionResult> Audit() => View(await audit.RecentAsync(200));
}
