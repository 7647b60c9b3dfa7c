using System.Globalization;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Cluster;

/// <summary>The shared Redis holds what the nodes' memory holds: a message's current text only, and no forgotten name.</summary>
public sealed partial class TwoNodesTests
{
    [ClusterFact]
    public async Task After_an_edit_a_deletion_and_a_forgotten_name_Redis_keeps_no_old_words_and_streams_still_resume_on_the_other_node()
    {
        var (author, authorOnB) = cluster.NewPerson();
        var (fan, fanOnB) = cluster.NewPerson();
        await author.JoinAsync();
        var fanName = await fan.JoinAsync();
        var start = (await fan.OpenRoomAsync()).LastSequence();
        await author.PostMessageAsync("lobby", "first words alpha", htmx: true);
        var original = (await fan.OpenRoomAsync()).LastSequence();
        await fanOnB.PostAsHtmxAsync(await fanOnB.OpenRoomAsync(), "/chat/lobby/messages", new() { ["text"] = "an answer from the fan", ["reply"] = $"{original}" });
        var answer = (await fanOnB.OpenRoomAsync()).LastSequence();
        await fan.PostAsHtmxAsync(await fan.OpenRoomAsync(), "/chat/lobby/reactions", new() { ["r"] = $"{original}:👍" });
        Assert.Contains("first words alpha", await RedisContents.ReadAllAsync(cluster.A));
        Assert.Contains(fanName, await RedisContents.ReadAllAsync(cluster.A));

        // Edited on B: the first words are nowhere in Redis, not in the message, not in the answer's quote.
        await authorOnB.PostAsHtmxAsync(await authorOnB.OpenRoomAsync(), "/chat/lobby/messages", new() { ["text"] = "second words beta", ["edit"] = $"{original}" });
        var afterEdit = await RedisContents.ReadAllAsync(cluster.A);
        Assert.DoesNotContain("first words alpha", afterEdit, StringComparison.Ordinal);
        Assert.Contains("second words beta", afterEdit, StringComparison.Ordinal);
        await ExpectResumeAsync(cluster.A, start, "second words beta", "first words alpha");

        // A node starting now reads the room back from Redis as the others hold it.
        var third = cluster.AddNode();
        var onThird = await third.NewVisitor().OpenRoomAsync();
        Assert.Equal(["second words beta", "an answer from the fan"], onThird.MessageBodies().TakeLast(2));
        Assert.Equal("👍 1", onThird.GetElementById($"m-lobby-{original}")!.QuerySelector(".reactions button")!.TextContent);
        Assert.Contains("second words beta", onThird.GetElementById($"m-lobby-{answer}")!.QuerySelector(".message__quote")!.TextContent, StringComparison.Ordinal);

        // Deleted on A: its words leave Redis with it, the answer's quote included.
        await author.PostAsHtmxAsync(await author.OpenRoomAsync(), "/chat/lobby/deletions", new() { ["seq"] = $"{original}" });
        Assert.DoesNotContain("words beta", await RedisContents.ReadAllAsync(cluster.B), StringComparison.Ordinal);
        var resumed = await ExpectResumeAsync(cluster.B, start, "an answer from the fan", "words");
        Assert.DoesNotContain($"m-lobby-{original}\"", resumed.Where(e => e.Event == "message").Select(e => e.Data).First(), StringComparison.Ordinal);

        // The fan deletes their identity on A: their name leaves every message, reaction and key.
        using var deleted = await fan.SubmitAsync("/me", "/me/delete", new() { ["confirm"] = "true" });
        Assert.True(await Eventually.HoldsAsync(async () => !(await RedisContents.ReadAllAsync(cluster.A)).Contains(fanName, StringComparison.Ordinal)));
        await ExpectResumeAsync(cluster.B, start, "an answer from the fan", fanName);
        var page = await cluster.B.NewVisitor().OpenRoomAsync();
        Assert.DoesNotContain(fanName, page.Body!.OuterHtml, StringComparison.Ordinal);
        Assert.Contains("an answer from the fan", page.MessageBodies());
    }

    /// <summary>A stream resuming on <paramref name="node"/> from before the story replays what the room holds now, never the old words.</summary>
    private static async Task<List<SseEvent>> ExpectResumeAsync(WhisperApp node, long after, string current, string old)
    {
        await using var stream = await node.NewVisitor().OpenStreamAsync("lobby", lastEventId: after);
        var replayed = new List<SseEvent>();
        var last = (await node.NewVisitor().OpenRoomAsync()).LastSequence();
        while (replayed.Count == 0 || long.Parse(replayed[^1].Id!, CultureInfo.InvariantCulture) < last)
        {
            if (await stream.NextAsync() is { Id: not null } numbered)
            {
                replayed.Add(numbered);
            }
        }

        var data = string.Concat(replayed.Select(e => e.Data));
        Assert.Contains(current, data, StringComparison.Ordinal);
        Assert.DoesNotContain(old, data, StringComparison.Ordinal);
        return replayed;
    }
}
