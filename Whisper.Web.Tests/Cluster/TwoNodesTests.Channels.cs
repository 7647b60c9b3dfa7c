using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Cluster;

/// <summary>Each node hears a room only while it has a stream of it open, and still serves its pages up to date.</summary>
public sealed partial class TwoNodesTests
{
    [ClusterFact]
    public async Task A_node_hears_a_room_only_while_a_stream_of_it_is_open_there_and_still_serves_its_page_up_to_date()
    {
        var (poster, posterOnB) = cluster.NewPerson();
        await poster.JoinAsync();
        var start = (await poster.OpenRoomAsync()).LastSequence();
        Assert.Equal(0, await RedisContents.SubscriptionsAsync(cluster.A, "lobby"));

        await using (var onA = await cluster.A.NewVisitor().OpenStreamAsync("lobby", start))
        {
            Assert.Equal(1, await RedisContents.SubscriptionsAsync(cluster.A, "lobby"));
            await posterOnB.PostMessageAsync("lobby", "posted where nobody listens", htmx: true);
            Assert.Contains("posted where nobody listens", (await onA.NextAsync("message")).Data, StringComparison.Ordinal);

            // B has no stream of the lobby: it holds no subscription, and still shows A's messages, read back from the log.
            Assert.Equal(1, await RedisContents.SubscriptionsAsync(cluster.A, "lobby"));
            await poster.PostMessageAsync("lobby", "posted on A", htmx: true);
            Assert.Equal(["posted where nobody listens", "posted on A"], (await posterOnB.OpenRoomAsync()).MessageBodies().TakeLast(2));
            await using var resumedOnB = await cluster.B.NewVisitor().OpenStreamAsync("lobby", lastEventId: start);
            Assert.Contains("posted where nobody listens", (await resumedOnB.NextAsync("message")).Data, StringComparison.Ordinal);
            Assert.Contains("posted on A", (await resumedOnB.NextAsync("message")).Data, StringComparison.Ordinal);
            Assert.Equal(2, await RedisContents.SubscriptionsAsync(cluster.A, "lobby"));
        }

        // A node lets a room go a while after its last stream closes.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var third = cluster.AddNode(services => services.AddSingleton<TimeProvider>(clock));
        var before = await RedisContents.SubscriptionsAsync(cluster.A, "lobby");
        await using (var onThird = await third.NewVisitor().OpenStreamAsync("lobby", start))
        {
            Assert.Equal(before + 1, await RedisContents.SubscriptionsAsync(cluster.A, "lobby"));
        }

        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            clock.Advance(Whisper.Web.Cluster.RoomChannels.Linger);
            return await RedisContents.SubscriptionsAsync(cluster.A, "lobby") == before;
        }));
    }
}
