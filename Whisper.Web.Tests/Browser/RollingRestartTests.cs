using System.Net;
using Whisper.Web.Tests.Support;
using Xunit.Abstractions;

namespace Whisper.Web.Tests.Browser;

/// <summary>A deploy: each node behind the load balancer is stopped (SIGTERM) and started again in turn while people talk.</summary>
[Trait("Category", "Cluster")]
public sealed class RollingRestartTests(NodeDeathTests.Nodes nodes, ITestOutputHelper output) : IClassFixture<NodeDeathTests.Nodes>
{
    [ClusterFact]
    public async Task Restarting_both_nodes_in_turn_while_messages_are_posted_leaves_the_reader_with_every_message_once_in_order()
    {
        var cluster = nodes.Cluster!;
        var proxy = nodes.Proxy!;
        await using var reader = await nodes.NewPersonAsync(width: 390, height: 844);
        var cookies = new CookieContainer();
        using var onB = cluster.B.NewVisitor(cookies);
        var posted = new List<string>();
        async Task PostAsync(VisitorClient poster, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var text = $"Deploy {posted.Count + 1:00}";
                using var answer = await poster.PostMessageAsync("lobby", text);
                Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
                posted.Add(text);
            }
        }

        try
        {
            // The reader's page and stream are on node A (the balancer's first choice); the poster writes on node B.
            await reader.OpenAsync("/chat/lobby");
            await reader.WaitForLiveAsync();
            await onB.JoinAsync();
            await PostAsync(onB, 3);
            await reader.ExpectMessageAsync(posted[^1]);

            // Node A stops while posts go on, and comes back as a new process on a new port.
            var opens = await reader.StreamOpensAsync();
            var stoppingA = Task.Run(async () => await cluster.A.DisposeAsync());
            await PostAsync(onB, 5);
            await stoppingA;
            await reader.ScreenshotAsync("rolling-restart-during");
            await reader.WaitForStreamOpensAsync(opens + 1);
            var restartedA = cluster.AddNode();
            proxy.Replace(0, restartedA.StartOnLoopback());
            using var onA = restartedA.NewVisitor(cookies);
            await PostAsync(onA, 2);
            await reader.ExpectMessageAsync(posted[^1]);

            // Then node B, the poster moving to the new node A: the reader's stream, wherever it is, ends on node A.
            var stoppingB = Task.Run(async () => await cluster.B.DisposeAsync());
            await PostAsync(onA, 5);
            await stoppingB;
            await PostAsync(onA, 2);
            await reader.ExpectMessageAsync(posted[^1]);

            var shown = (await reader.Messages.Locator(".message__body").AllInnerTextsAsync()).Select(body => body.Trim()).Where(body => body.StartsWith("Deploy ", StringComparison.Ordinal));
            Assert.Equal(17, posted.Count);
            Assert.Equal(posted, shown);
            await reader.ScreenshotAsync("rolling-restart-after");
        }
        catch
        {
            output.WriteLine("proxy:\n" + string.Join('\n', proxy.Log));
            output.WriteLine("reader:\n" + string.Join('\n', reader.Network));
            throw;
        }
    }
}
