using AngleSharp.Dom;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Metrics;

/// <summary>Two nodes: each one's streams on the admin's dashboard, and the Redis round trip in the metrics.</summary>
[Collection(MetricsRunAlone.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusteredMetricsTests
{
    [ClusterFact]
    public async Task The_dashboard_lists_each_nodes_streams_and_the_metrics_time_redis()
    {
        await using var cluster = new TestCluster(new Dictionary<string, string?> { ["Whisper:Metrics:Token"] = TrafficScrapes.Token });
        using var onA = cluster.A.NewVisitor();
        using var onB = cluster.B.NewVisitor();
        await using var streamA = await onA.OpenStreamAsync("lobby");
        await using var streamB1 = await onB.OpenStreamAsync("lobby");
        await using var streamB2 = await onB.OpenStreamAsync("tech");
        using var admin = cluster.A.NewVisitor();
        await admin.LogInAsAdminAsync();

        IDocument? home = null;
        Assert.True(await Eventually.HoldsAsync(async () => Streams(home = (await admin.GetAsync("/admin")).Page) is [1, 2], attempts: 100), $"streams per node: {string.Join(", ", Streams(home!))}");
        Assert.Contains("(this one)", home!.QuerySelectorAll(".live__nodes tbody tr")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(3, LiveDashboardTests.Figure(home, "Open streams"));

        using var client = cluster.A.CreateClient();
        var scrape = await Scrape.ReadAsync(client, TrafficScrapes.Token);
        Assert.True(scrape.Sum("whisper_redis_round_trip_seconds_count") >= 1);
    }

    /// <summary>This node's streams first, then the other's.</summary>
    private static long[] Streams(IDocument page) =>
        [.. page.QuerySelectorAll(".live__nodes tbody tr").Select(row => long.Parse(row.QuerySelectorAll("td")[1].TextContent, System.Globalization.CultureInfo.InvariantCulture))];
}
