using System.Net;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Cluster;

/// <summary>Two nodes on one Redis and one PostgreSQL behave as one Whisper.</summary>
[Trait("Category", "Cluster")]
public sealed partial class TwoNodesTests : IAsyncLifetime, IDisposable
{
    private TestCluster cluster = null!;

    public Task InitializeAsync()
    {
        if (TestCluster.Available)
        {
            cluster = new TestCluster();
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    public void Dispose() => GC.SuppressFinalize(this);

    [ClusterFact]
    public async Task A_message_posted_on_one_node_reaches_a_stream_on_the_other_with_the_same_number()
    {
        var (poster, _) = cluster.NewPerson();
        using var reader = cluster.B.NewVisitor();
        await poster.JoinAsync();
        var page = await reader.OpenRoomAsync();
        await using var onB = await reader.OpenStreamAsync("lobby", page.LastSequence());
        await using var onA = await cluster.A.NewVisitor().OpenStreamAsync("lobby", page.LastSequence());

        using var posted = await poster.PostMessageAsync("lobby", "hello from node A");

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var heardOnB = await onB.NextAsync("message");
        var heardOnA = await onA.NextAsync("message");
        Assert.Equal(heardOnA.Id, heardOnB.Id);
        Assert.Equal(heardOnA.Data, heardOnB.Data);
        Assert.Contains("hello from node A", heardOnB.Data, StringComparison.Ordinal);
        Assert.Contains("hello from node A", (await reader.OpenRoomAsync()).MessageBodies());
    }

    [ClusterFact]
    public async Task A_stream_resumes_on_the_other_node_from_an_id_the_first_gave_without_loss_or_duplicate()
    {
        var (poster, _) = cluster.NewPerson();
        using var reader = cluster.A.NewVisitor();
        await poster.JoinAsync();
        var page = await reader.OpenRoomAsync();
        string lastSeen;
        await using (var onA = await reader.OpenStreamAsync("lobby", page.LastSequence()))
        {
            await poster.PostMessageAsync("lobby", "one");
            lastSeen = (await onA.NextAsync("message")).Id!;
        }

        // Node A's reader is gone; two more messages, from either node, while nobody listens.
        await poster.PostMessageAsync("lobby", "two");
        await cluster.B.NewVisitor(poster.Cookies).PostMessageAsync("lobby", "three");

        await using var onB = await cluster.B.NewVisitor().OpenStreamAsync("lobby", lastEventId: long.Parse(lastSeen, System.Globalization.CultureInfo.InvariantCulture));
        var replayed = new[] { await onB.NextAsync("message"), await onB.NextAsync("message") };
        Assert.Contains(">two<", replayed[0].Data, StringComparison.Ordinal);
        Assert.Contains(">three<", replayed[1].Data, StringComparison.Ordinal);
        Assert.Equal(long.Parse(lastSeen, System.Globalization.CultureInfo.InvariantCulture) + 2, long.Parse(replayed[1].Id!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [ClusterFact]
    public async Task A_message_sent_again_on_the_other_node_with_its_send_key_is_posted_once()
    {
        var (onA, onB) = cluster.NewPerson();
        await onA.JoinAsync();
        var key = (await onA.OpenRoomAsync()).QuerySelector("#composer input[name=key]")!.GetAttribute("value")!;
        var text = "answer lost on A " + Guid.NewGuid();

        using var first = await onA.PostMessageAsync("lobby", text, htmx: true, sendKey: key);
        using var again = await onB.PostMessageAsync("lobby", text, htmx: true, sendKey: key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single((await onB.OpenRoomAsync()).MessageBodies(), b => b == text);
        Assert.Single((await onA.OpenRoomAsync()).MessageBodies(), b => b == text);
    }

    [ClusterFact]
    public async Task Forty_people_joining_at_once_on_both_nodes_get_forty_different_names()
    {
        var joins = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? cluster.A : cluster.B).NewVisitor().JoinAsync());

        var names = await Task.WhenAll(joins);

        Assert.Equal(40, names.Distinct(StringComparer.Ordinal).Count());
    }

    [ClusterFact]
    public async Task Moderation_on_one_node_holds_on_the_other()
    {
        var admin = cluster.A.NewVisitor();
        Assert.Equal(HttpStatusCode.SeeOther, (await admin.LogInAsAdminAsync()).StatusCode);
        var (troll, trollOnB) = cluster.NewPerson();
        var name = await troll.JoinAsync();
        await trollOnB.PostMessageAsync("lobby", "spam spam");
        var page = await trollOnB.OpenRoomAsync();
        await using var trollStream = await trollOnB.OpenStreamAsync("lobby", page.LastSequence());
        var sequence = page.QuerySelectorAll(".message")[^1].Id!.Split('-')[^1];

        // A deletion made on A removes the message from B's streams and pages.
        var adminView = (await admin.GetAsync("/admin/chat/lobby")).Page;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsHtmxAsync(adminView, "/admin/chat/lobby/deletions", new() { ["seq"] = sequence })).StatusCode);
        Assert.Contains("hx-swap-oob=\"delete\"", (await trollStream.NextAsync("notice")).Data, StringComparison.Ordinal);
        Assert.DoesNotContain("spam spam", (await cluster.B.NewVisitor().OpenRoomAsync()).MessageBodies());

        // A ban made on A ends the stream held on B and refuses posts there.
        await admin.SubmitAsync("/admin/bans/new?name=" + Uri.EscapeDataString(name), "/admin/bans", new() { ["duration"] = "1.00:00:00", ["reason"] = "flooding" });
        Assert.Contains("banned", (await trollStream.NextAsync("notice")).Data, StringComparison.Ordinal);
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var post = await trollOnB.PostMessageAsync("lobby", "still here", htmx: true);
            return post.StatusCode == HttpStatusCode.Forbidden;
        }));

        // A room made on A opens on B.
        await admin.SubmitAsync("/admin", "/admin/rooms", new() { ["name"] = "night-owls", ["title"] = "Night owls" });
        Assert.True(await Eventually.HoldsAsync(async () => (await cluster.B.NewVisitor().GetAsync("/chat/night-owls")).Status == HttpStatusCode.OK));
    }

    [ClusterFact]
    public async Task The_online_count_is_people_over_both_nodes_with_a_name_on_both_counted_once()
    {
        var (aliceOnA, aliceOnB) = cluster.NewPerson();
        using var bob = cluster.B.NewVisitor();
        await aliceOnA.JoinAsync("tech");
        await bob.JoinAsync("tech");
        await using var aliceTabA = await aliceOnA.OpenStreamAsync("tech");
        await using var aliceTabB = await aliceOnB.OpenStreamAsync("tech");
        await using var bobTab = await bob.OpenStreamAsync("tech");
        await using var reader = await cluster.A.NewVisitor().OpenStreamAsync("tech");

        // Alice on both nodes is one person, Bob another; the reader without a name is not counted.
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await cluster.A.NewVisitor().OpenRoomAsync("tech")).QuerySelector(".presence__count")?.TextContent == "2"
            && (await cluster.B.NewVisitor().OpenRoomAsync("tech")).QuerySelector(".presence__count")?.TextContent == "2",
            attempts: 100));
    }

    [ClusterFact]
    public async Task A_file_shared_on_one_node_is_served_by_the_other()
    {
        var (sharer, _) = cluster.NewPerson();
        await sharer.JoinAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];
        using var uploaded = await sharer.UploadAsync("lobby", png, "dot.png");
        Assert.True(uploaded.IsSuccessStatusCode);

        var link = (await cluster.B.NewVisitor().OpenRoomAsync()).QuerySelector(".message a[download]")!.GetAttribute("href")!;
        using var served = await cluster.B.NewVisitor().Client.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
    }

    [ClusterFact]
    public Task A_stranger_on_one_node_meets_a_stranger_on_the_other_and_they_talk() => StrangersMeetAndTalkAsync(cluster);

    /// <summary>A stranger on node A meets one on node B through the shared waiting line, and they talk and signal.</summary>
    internal static async Task StrangersMeetAndTalkAsync(TestCluster cluster)
    {
        using var alice = cluster.A.NewVisitor();
        using var bob = cluster.B.NewVisitor();
        var (alicePage, aliceSession) = await alice.StartTalkAsync();
        await using var aliceStream = await alice.OpenTalkAsync(aliceSession);
        Assert.Equal("waiting", await aliceStream.NextTalkStateAsync());
        var (bobPage, bobSession) = await bob.StartTalkAsync();
        await using var bobStream = await bob.OpenTalkAsync(bobSession);

        Assert.Equal("matched", await aliceStream.NextTalkStateAsync());
        Assert.Equal("matched", await bobStream.NextTalkStateAsync());
        using var sent = await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "hello across nodes" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("hello across nodes", (await bobStream.NextAsync("line")).Data, StringComparison.Ordinal);
        using var answer = await bob.PostAsHtmxAsync(bobPage, "/talk/messages", new() { ["session"] = bobSession, ["text"] = "hi back" });
        Assert.Contains("hi back", (await aliceStream.NextAsync("line")).Data, StringComparison.Ordinal);
        using var signal = await bob.PostAsHtmxAsync(bobPage, "/talk/signal", new() { ["session"] = bobSession, ["signal"] = "{\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}" });
        Assert.Equal(HttpStatusCode.NoContent, signal.StatusCode);
        Assert.Equal("{\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}", (await aliceStream.NextAsync("signal")).Data);

        using var skipped = await alice.PostAsHtmxAsync(alicePage, "/talk/skip", new() { ["session"] = aliceSession });
        Assert.Equal("left", await bobStream.NextTalkStateAsync());
    }

    [ClusterFact]
    public async Task Reactions_edits_and_deletions_on_either_node_reach_streams_on_both_and_replay_on_the_other()
    {
        var (author, authorOnB) = cluster.NewPerson();
        var (fan, fanOnB) = cluster.NewPerson();
        await author.JoinAsync();
        await fan.JoinAsync();
        var start = (await fan.OpenRoomAsync()).LastSequence();
        await using var onA = await cluster.A.NewVisitor().OpenStreamAsync("lobby", start);
        await using var onB = await cluster.B.NewVisitor().OpenStreamAsync("lobby", start);
        await author.PostMessageAsync("lobby", "first words", htmx: true);
        var original = (await onB.NextAsync("message")).Id!;
        await onA.NextAsync("message");

        // Two reactions at once from the two nodes: both count everywhere, whatever order Redis numbered them in.
        await Task.WhenAll(
            fan.PostAsHtmxAsync(await fan.OpenRoomAsync(), "/chat/lobby/reactions", new() { ["r"] = $"{original}:👍" }),
            authorOnB.PostAsHtmxAsync(await authorOnB.OpenRoomAsync(), "/chat/lobby/reactions", new() { ["r"] = $"{original}:👍" }));
        await authorOnB.PostAsHtmxAsync(await authorOnB.OpenRoomAsync(), "/chat/lobby/messages", new() { ["text"] = "second words", ["edit"] = original });

        foreach (var node in new[] { onA, onB })
        {
            var reactions = new[] { await node.NextAsync("notice"), await node.NextAsync("notice") };
            Assert.Contains("second words", (await node.NextAsync("notice")).Data, StringComparison.Ordinal);
            var last = await Html.ParseAsync(reactions[1].Data);
            Assert.Equal("👍 2", last.QuerySelector(".reactions button")!.TextContent);
        }

        await fanOnB.PostAsHtmxAsync(await fanOnB.OpenRoomAsync(), "/chat/lobby/messages", new() { ["text"] = "an answer", ["reply"] = original });
        var answer = (await onA.NextAsync("message")).Id!;

        foreach (var page in new[] { await fan.OpenRoomAsync(), await fanOnB.OpenRoomAsync() })
        {
            var message = page.GetElementById($"m-lobby-{original}")!;
            Assert.Equal("second words", message.QuerySelector(".message__body")!.TextContent);
            Assert.Equal("👍 2", message.QuerySelector(".reactions button")!.TextContent);
        }

        // Resuming on either node from the post: only the message's latest version is replayed, never its first words.
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            await using var afterPost = await node.NewVisitor().OpenStreamAsync("lobby", lastEventId: long.Parse(original, System.Globalization.CultureInfo.InvariantCulture));
            var change = await afterPost.NextAsync("notice");
            Assert.Contains("second words", change.Data, StringComparison.Ordinal);
            Assert.Equal("👍 2", (await Html.ParseAsync(change.Data)).QuerySelector(".reactions button")!.TextContent);
            Assert.DoesNotContain("first words", change.Data + (await afterPost.NextAsync("message")).Data, StringComparison.Ordinal);
        }

        // Deleted on B; a stream resuming on A from the answer's id gets the deletion, and the answer without the words.
        await authorOnB.PostAsHtmxAsync(await authorOnB.OpenRoomAsync(), "/chat/lobby/deletions", new() { ["seq"] = original });
        await using var resumed = await cluster.A.NewVisitor().OpenStreamAsync("lobby", lastEventId: long.Parse(answer, System.Globalization.CultureInfo.InvariantCulture));
        var deletion = (await resumed.NextAsync("notice")).Data + (await resumed.NextAsync("notice")).Data;
        Assert.Contains($"id=\"m-lobby-{original}\" hx-swap-oob=\"delete\"", deletion, StringComparison.Ordinal);
        Assert.Contains("message__quote--gone", deletion, StringComparison.Ordinal);
        Assert.DoesNotContain("words", deletion, StringComparison.Ordinal);
        Assert.DoesNotContain("first words", (await fanOnB.OpenRoomAsync()).Body!.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("second words", (await fan.OpenRoomAsync()).Body!.OuterHtml, StringComparison.Ordinal);
    }

    [ClusterFact]
    public async Task The_shared_log_is_sized_by_messages_so_reactions_push_none_out()
    {
        await using var small = new TestCluster(new Dictionary<string, string?> { ["Whisper:Messages:RingSize"] = "3" });
        var (poster, _) = small.NewPerson();
        await poster.JoinAsync();
        var sequences = new List<long>();
        for (var i = 1; i <= 5; i++)
        {
            await poster.PostMessageAsync("lobby", $"message {i}", htmx: true);
            sequences.Add((await poster.OpenRoomAsync()).LastSequence());
        }

        var log = small.B.Service<Whisper.Web.Cluster.RedisRoomLog>();
        Assert.Equal(sequences[2] - 1, await log.StartAsync("lobby"));

        var page = await poster.OpenRoomAsync();
        for (var i = 0; i < 11; i++)
        {
            await poster.PostAsHtmxAsync(page, "/chat/lobby/reactions", new() { ["r"] = $"{sequences[4]}:{Whisper.Web.Rooms.Reaction.Offered[i % 6]}" });
        }

        Assert.Equal("🙏 1", (await poster.OpenRoomAsync()).GetElementById($"m-lobby-{sequences[4]}")!.QuerySelector(".reactions button")!.TextContent);

        // The three latest messages are all still there for a node that opens the room now, with every reaction after them.
        Assert.Equal(sequences[2] - 1, await log.StartAsync("lobby"));
        await poster.PostMessageAsync("lobby", "message 6", htmx: true);
        Assert.Equal(sequences[3] - 1, await log.StartAsync("lobby"));
    }
}
