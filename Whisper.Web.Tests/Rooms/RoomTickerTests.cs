using System.Text;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Rooms;
using Whisper.Web.Sse;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Rooms;

public sealed class RoomTickerTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task Presence_goes_out_once_per_change_and_heartbeats_only_when_due()
    {
        var time = new FakeTimeProvider();
        var registry = new RoomRegistry(
            app.Service<RoomStore>(),
            new LocalRoomLog(time),
            app.Service<Whisper.Web.Cluster.ClusterBus>(),
            Microsoft.Extensions.Options.Options.Create(new List<RoomDefinition>()),
            Microsoft.Extensions.Options.Options.Create(new MessageOptions()),
            Microsoft.Extensions.Options.Options.Create(new StreamOptions()),
            time);
        await registry.LoadAsync(CancellationToken.None);
        var ticker = new RoomTicker(
            registry, app.Service<RoomChat>(), app.Service<PostingRules>(), app.Service<Whisper.Web.Privacy.DailyStats>(), app.Service<Whisper.Web.Cluster.PresenceTotals>(),
            Microsoft.Extensions.Options.Options.Create(new StreamOptions()), time, Microsoft.Extensions.Logging.Abstractions.NullLogger<RoomTicker>.Instance);
        var lobby = registry.Find("lobby")!;
        using var watcher = lobby.Subscribe("Quiet Otter 48213", null);

        await ticker.TickAsync(heartbeatDue: false);
        await ticker.TickAsync(heartbeatDue: false);
        using (lobby.Subscribe("Brave Lynx 10001", null))
        {
            await ticker.TickAsync(heartbeatDue: true);
        }

        await registry.DisposeAsync();
        var frames = new List<string>();
        await foreach (var frame in watcher.Subscriber.Reader.ReadAllAsync())
        {
            frames.Add(Encoding.UTF8.GetString(frame.Bytes));
        }

        // The stream's greeting (the count and everyone, once), then one count and one change per change.
        Assert.Equal(3, frames.Count(f => f.StartsWith("event: presence", StringComparison.Ordinal)));
        var people = frames.Where(f => f.StartsWith("event: people", StringComparison.Ordinal)).ToList();
        Assert.Single(people, f => f.Contains("class=\"everyone\"", StringComparison.Ordinal));
        Assert.Single(people, f => !f.Contains("class=\"everyone\"", StringComparison.Ordinal) && f.Contains("Brave Lynx 10001", StringComparison.Ordinal) && !f.Contains("data-left", StringComparison.Ordinal));
        Assert.Contains(frames, f => f.Contains("presence__count\">1<", StringComparison.Ordinal));
        Assert.Contains(frames, f => f.Contains("presence__count\">2<", StringComparison.Ordinal));
        Assert.Single(frames, f => f == Encoding.UTF8.GetString(SseFrame.Heartbeat.Bytes));
    }
}
