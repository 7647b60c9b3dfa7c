using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Hosting;
using Whisper.Web.Privacy;
using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// One timer for all rooms: sends who arrived and left, and the count, when they changed (at most once per interval,
/// so a crowd arriving does not flood every stream), and a heartbeat comment that keeps idle streams open through proxies.
/// </summary>
public sealed class RoomTicker(
    RoomRegistry rooms, RoomChat chat, PostingRules rules, DailyStats stats, PresenceTotals presence, IOptions<StreamOptions> options, TimeProvider time,
    ILogger<RoomTicker> logger)
    : PeriodicWork(TimeSpan.FromMilliseconds(options.Value.PresenceIntervalMs), time, logger)
{
    private const string PeopleEvent = "people";

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
        var everywhere = await presence.EverywhereAsync(here);
        var online = 0;
        var longestSlowMode = 0;
        foreach (var room in open)
        {
            room.Presence.SetEverywhere(everywhere.GetValueOrDefault(room.Name) ?? here[room.Name]);
            online += room.Presence.Count;
            longestSlowMode = Math.Max(longestSlowMode, room.Settings.SlowModeSeconds);
            if (room.Presence.TryTakeChange(out var change))
            {
                room.Broadcast(await OnlineAsync(change.Count));
                room.Broadcast(SseFrame.Event(PeopleEvent, await chat.RenderPeopleAsync(change)));
            }

            if (room.HasNewcomers)
            {
                // Rendered once per tick for all the streams opened since the last, whatever page they resumed.
                var everyone = room.Presence.Everyone;
                room.Greet([
                    await OnlineAsync(everyone.Count),
                    SseFrame.Event(PeopleEvent, await chat.RenderPeopleAsync(new PeopleChange(everyone, [], everyone.Count, Everyone: true))),
                ]);
            }

            if (heartbeatDue)
            {
                room.Broadcast(SseFrame.Heartbeat);
            }
        }

        stats.RecordOnline(online);

        // "3 online" has words: rendered here in English, and once in each other language its streams read.
        async Task<SseFrame> OnlineAsync(int count) =>
            SseFrame.Localized("presence", await chat.RenderOnlineAsync(count), null, FragmentLanguage.Current, _ => chat.RenderOnlineAsync(count));
        if (heartbeatDue)
        {
            rules.Prune(TimeSpan.FromSeconds(longestSlowMode));
        }
    }
}
