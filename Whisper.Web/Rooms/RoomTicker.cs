using Microsoft.Extensions.Options;
using Whisper.Web.Privacy;
using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// One timer for all rooms: sends the online count when it changed (at most once per interval, so a crowd
/// arriving does not flood every stream) and a heartbeat comment that keeps idle streams open through proxies.
/// </summary>
public sealed class RoomTicker(
    RoomRegistry rooms, RoomChat chat, PostingRules rules, DailyStats stats, IOptions<StreamOptions> options, TimeProvider time, ILogger<RoomTicker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.PresenceIntervalMs);
        var heartbeatEvery = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        var lastHeartbeat = time.GetUtcNow();
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                var heartbeatDue = now - lastHeartbeat >= heartbeatEvery;
                try
                {
                    await TickAsync(heartbeatDue);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A failed tick must not stop the host (a BackgroundService's default); the next one retries.
                    logger.LogError(exception, "Presence and heartbeat tick failed");
                }

                if (heartbeatDue)
                {
                    lastHeartbeat = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    internal async Task TickAsync(bool heartbeatDue)
    {
        var online = 0;
        var longestSlowMode = 0;
        foreach (var room in rooms.All)
        {
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
