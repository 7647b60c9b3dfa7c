using System.Globalization;
using System.Net;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Cluster;

/// <summary>Two nodes on a three-primary Redis Cluster: each room lives in its slot, and a node hears only the rooms it streams.</summary>
[Trait("Category", "Cluster")]
public sealed class RedisClusterTests(LoopbackRedisCluster redis) : IClassFixture<LoopbackRedisCluster>, IAsyncLifetime, IDisposable
{
    private TestCluster nodes = null!;

    public Task InitializeAsync()
    {
        if (LoopbackRedisCluster.Configured is not null && TestDatabases.OnPostgres)
        {
            nodes = new TestCluster(redis: redis.Configuration);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (nodes is not null)
        {
            await nodes.DisposeAsync();
        }
    }

    public void Dispose() => GC.SuppressFinalize(this);

    [RedisClusterFact]
    public async Task Messages_reach_streams_on_both_nodes_a_node_without_a_stream_holds_no_subscription_and_streams_resume_on_the_other()
    {
        var (poster, posterOnB) = nodes.NewPerson();
        await poster.JoinAsync();
        Assert.True(nodes.A.Service<Whisper.Web.Cluster.ClusterConnection>().IsCluster);
        foreach (var room in new[] { "lobby", "tech" })
        {
            var start = (await poster.OpenRoomAsync(room)).LastSequence();
            Assert.Equal(0, await RedisContents.SubscriptionsAsync(nodes.A, room));
            string lastSeen;
            await using (var onA = await nodes.A.NewVisitor().OpenStreamAsync(room, start))
            {
                // Only A streams the room: B holds no subscription, and still shows the room up to date.
                Assert.Equal(1, await RedisContents.SubscriptionsAsync(nodes.A, room));
                await posterOnB.PostMessageAsync(room, $"hello {room} from B", htmx: true);
                lastSeen = (await onA.NextAsync("message")).Id!;
                Assert.Equal(1, await RedisContents.SubscriptionsAsync(nodes.A, room));
                Assert.Contains($"hello {room} from B", (await posterOnB.OpenRoomAsync(room)).MessageBodies());

                await using var onB = await nodes.B.NewVisitor().OpenStreamAsync(room, long.Parse(lastSeen, CultureInfo.InvariantCulture));
                Assert.Equal(2, await RedisContents.SubscriptionsAsync(nodes.A, room));
                await poster.PostMessageAsync(room, $"hello {room} from A", htmx: true);
                var heardOnA = await onA.NextAsync("message");
                var heardOnB = await onB.NextAsync("message");
                Assert.Equal(heardOnA.Id, heardOnB.Id);
                Assert.Contains($"hello {room} from A", heardOnB.Data, StringComparison.Ordinal);
                lastSeen = heardOnA.Id!;
            }

            // A's reader is gone; two more, from either node; the stream resumes on B without loss or duplicate.
            await poster.PostMessageAsync(room, "two", htmx: true);
            await posterOnB.PostMessageAsync(room, "three", htmx: true);
            await using var resumed = await nodes.B.NewVisitor().OpenStreamAsync(room, lastEventId: long.Parse(lastSeen, CultureInfo.InvariantCulture));
            Assert.Contains(">two<", (await resumed.NextAsync("message")).Data, StringComparison.Ordinal);
            var third = await resumed.NextAsync("message");
            Assert.Contains(">three<", third.Data, StringComparison.Ordinal);
            Assert.Equal(long.Parse(lastSeen, CultureInfo.InvariantCulture) + 2, long.Parse(third.Id!, CultureInfo.InvariantCulture));
        }

        // The other shared keys work on the cluster too: the strangers' waiting line, and their node channels.
        await TwoNodesTests.StrangersMeetAndTalkAsync(nodes);
    }

    [RedisClusterFact]
    public async Task A_room_whose_slot_primary_restarts_empty_tells_pages_to_reload_rather_than_give_a_partial_history()
    {
        var (poster, _) = nodes.NewPerson();
        await poster.JoinAsync();
        var start = (await poster.OpenRoomAsync()).LastSequence();
        await using var onB = await nodes.B.NewVisitor().OpenStreamAsync("lobby", start);
        await poster.PostMessageAsync("lobby", "before the restart", htmx: true);
        var seen = long.Parse((await onB.NextAsync("message")).Id!, CultureInfo.InvariantCulture);

        var connection = nodes.A.Service<Whisper.Web.Cluster.ClusterConnection>();
        var primary = (IPEndPoint)connection.Redis!.GetDatabase().IdentifyEndpoint(connection.Key("room:{lobby}:log"))!;
        redis.Restart(primary.Port);

        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var posted = await poster.PostMessageAsync("lobby", "after the restart", htmx: true);
            return posted.StatusCode == HttpStatusCode.OK;
        }));

        // B's stream ends (its room lost entries it can no longer have); resuming from what it saw, the page is told to reload.
        await onB.RestAsync(TimeSpan.FromSeconds(20));
        await using var resumed = await nodes.B.NewVisitor().OpenStreamAsync("lobby", lastEventId: seen);
        Assert.Equal("reload", (await resumed.NextAsync()).Event);
        Assert.Contains("after the restart", (await nodes.B.NewVisitor().OpenRoomAsync()).MessageBodies());
    }
}
