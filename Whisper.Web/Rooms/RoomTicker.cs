using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Hosting;
using Whisper.Web.Privacy;
using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// One timer for all rooms: sends the online count when it changed (at most once per interval, so a crowd
/// arriving does not flood every stream) and a heartbeat comment that keeps idle streams open through proxies.
/// </summary>
public sealed class RoomTicker(
    RoomRegistry rooms, RoomChat chat, PostingRules rules, DailyStats stats, PresenceTotals presence, IOptions<StreamOptions> options, TimeProvider time,
    ILogger<RoomTicker> logger)
    : PeriodicWork(TimeSpan.FromMilliseconds(options.Value.PresenceIntervalMs), time, logger)
{
    private DateTimeOffset lastHeartbeat = time.GetUtcNow();

    protected override Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var now = Clock.GetUtcNow();
        var heartbeatDue = now - lastHeartbeat >= TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        if (heartbeatDue)
        {
            lastHeartbeat = now;
        }

        return TickAsync(heartbeatDue);
    }

    internal async Task TickAsync(bool heartbeatDue)
    {
        var open = rooms.All.ToList();
        var here = open.ToDictionary(r => r.Name, r => r.Presence.People, StringComparer.OrdinalIgnoreCase);
        var totals = await presence.TotalsAsync(here);
        var online = 0;
        var longestSlowMode = 0;
        foreach (var room in open)
        {
            room.Presence.SetTotal(totals.GetValueOrDefault(room.Name), here[room.Name].Count);
            online += room.Presence.Count;
            longestSlowMode = Math.Max(longestSlowMode, room.Settings.SlowModeSeconds);
            if (room.Presence.TryTakeChange(out var count))
            {
                room.Broadcast(SseFrame.Event("presence", await chat.RenderOnlineAsync(count)));
            }

            if (heartbeatDue)
            {
                room.Broadcast(SseFrame.Heartbeat);
            }
        }

        stats.RecordOnline(online);
        if (heartbeatDue)
        {
            rules.Prune(TimeSpan.FromSeconds(longestSlowMode));
        }
    }
}
