using Microsoft.Playwright;
using Whisper.Web.Tests.Support;
using Xunit.Abstractions;

namespace Whisper.Web.Tests.Browser;

/// <summary>Two nodes behind a load balancer; one dies while people read and write.</summary>
[Trait("Category", "Cluster")]
public sealed class NodeDeathTests(NodeDeathTests.Nodes nodes, ITestOutputHelper output) : IClassFixture<NodeDeathTests.Nodes>
{
    private const string NotSent = "Not sent: the connection dropped. Send again?";

    [ClusterFact]
    public async Task A_post_in_flight_when_its_node_dies_is_kept_as_not_sent_and_sent_again_once_and_later_posts_reach_everyone()
    {
        await using var reader = await nodes.NewPersonAsync();
        await using var poster = await nodes.NewPersonAsync();
        try
        {
            await reader.OpenAsync("/chat/lobby");
            await reader.WaitForLiveAsync();
            await poster.OpenAsync("/chat/lobby");
            await poster.JoinAsync();
            await poster.WaitForLiveAsync();
            await poster.SendAsync("Before the fall");
            await reader.ExpectMessageAsync("Before the fall");
            var readerOpens = await reader.StreamOpensAsync();
            var posterOpens = await poster.StreamOpensAsync();

            // Both pages are on node A (the proxy's first choice). It takes the next post, then dies before
            // answering; meanwhile the way in is cut too, so the browser's own resend finds no node either.
            // The poster's own stream is down from here until they have sent again: otherwise the message could
            // reach their page before the node dies, and the composer would rightly clear itself instead.
            await poster.Page.RouteAsync("**/chat/lobby/events**", route => route.AbortAsync());
            await poster.LoseStreamAsync();
            var died = nodes.Proxy!.KillOnAnswer(0, "POST /chat/lobby/messages");
            nodes.Proxy.Unreachable = true;
            await poster.SendAsync("In flight");
            await died.WaitAsync(TimeSpan.FromSeconds(30));
            var stopping = Task.Run(async () => await nodes.Cluster!.A.DisposeAsync());

            await Assertions.Expect(poster.ComposerError).ToHaveTextAsync(NotSent);
            await Assertions.Expect(poster.Composer).ToHaveValueAsync("In flight");

            // The way in is back (to node B): the person sends again, and node B knows the message is posted.
            nodes.Proxy.Unreachable = false;
            Assert.Equal(200, (await poster.SendAgainAsync()).Status);
            await Assertions.Expect(poster.Composer).ToHaveValueAsync("");
            await poster.Page.UnrouteAsync("**/chat/lobby/events**");
            await poster.ComeBackAsync();
            await poster.WaitForStreamOpensAsync(posterOpens + 1);
            await reader.WaitForStreamOpensAsync(readerOpens + 1);

            // Posts after the death go to node B; each shows once its answer came and the streams are back.
            for (var i = 1; i <= 2; i++)
            {
                await poster.Composer.FillAsync($"After the fall {i}");
                Assert.Equal(200, (await poster.SendAgainAsync()).Status);
                await poster.ExpectMessageAsync($"After the fall {i}");
            }

            await reader.ExpectMessageAsync("After the fall 2");
            string[] expected = ["Before the fall", "In flight", "After the fall 1", "After the fall 2"];
            foreach (var page in new[] { reader, poster })
            {
                var bodies = await page.Messages.Locator(".message__body").AllInnerTextsAsync();
                Assert.Equal(expected, bodies.Select(b => b.Trim()).Where(b => expected.Contains(b)));
            }

            await stopping;
        }
        catch
        {
            // Which node had which request, and what each browser saw: tells a lost post from a slow stream.
            output.WriteLine("proxy:\n" + string.Join('\n', nodes.Proxy!.Log));
            output.WriteLine("poster:\n" + string.Join('\n', poster.Network));
            output.WriteLine("reader:\n" + string.Join('\n', reader.Network));
            throw;
        }
    }

    /// <summary>Browsers against a two-node cluster through <see cref="NodeProxy"/>.</summary>
    public sealed class Nodes : BrowserFixture
    {
        public TestCluster? Cluster { get; private set; }

        public NodeProxy? Proxy { get; private set; }

        protected override Uri StartServer()
        {
            if (!TestCluster.Available)
            {
                return new Uri("http://127.0.0.1:9/");
            }

            Cluster = new TestCluster();
            Proxy = new NodeProxy([Cluster.A.StartOnLoopback(), Cluster.B.StartOnLoopback()]);
            return Proxy.Address;
        }

        protected override async ValueTask StopServerAsync()
        {
            if (Proxy is not null)
            {
                await Proxy.DisposeAsync();
            }

            if (Cluster is not null)
            {
                await Cluster.DisposeAsync();
            }

            await App.DisposeAsync();
        }
    }
}
