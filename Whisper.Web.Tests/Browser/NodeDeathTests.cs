using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Browser;

/// <summary>Two nodes behind a load balancer; one dies while people read and write.</summary>
[Trait("Category", "Cluster")]
public sealed class NodeDeathTests(NodeDeathTests.Nodes nodes) : IClassFixture<NodeDeathTests.Nodes>
{
    [ClusterFact]
    public async Task When_a_node_dies_its_pages_resume_on_the_other_without_losing_or_repeating_a_message()
    {
        await using var reader = await nodes.NewPersonAsync();
        await using var poster = await nodes.NewPersonAsync();
        await reader.OpenAsync("/chat/lobby");
        await reader.WaitForLiveAsync();
        await poster.OpenAsync("/chat/lobby");
        await poster.JoinAsync();
        await poster.SendAsync("Before the fall");
        await reader.ExpectMessageAsync("Before the fall");

        // Both pages were served by node A (the proxy's first choice); it goes, mid-stream.
        nodes.Proxy!.Kill(0);
        var stopping = Task.Run(async () => await nodes.Cluster!.A.DisposeAsync());
        for (var i = 1; i <= 3; i++)
        {
            // As a person does: the next one once the last shows.
            await poster.SendAsync($"After the fall {i}");
            await poster.ExpectMessageAsync($"After the fall {i}");
        }

        await reader.ExpectMessageAsync("After the fall 3");
        var bodies = await reader.Messages.Locator(".message__body").AllInnerTextsAsync();

        Assert.Equal(["Before the fall", "After the fall 1", "After the fall 2", "After the fall 3"], bodies.Select(b => b.Trim()).Where(b => b.Contains("fall", StringComparison.Ordinal)));
        Assert.Equal(3, await poster.Messages.Locator(".message__body", new() { HasTextString = "After the fall" }).CountAsync());
        await stopping;
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
