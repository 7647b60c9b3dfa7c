using System.Text.Json;
using System.Text.RegularExpressions;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Metrics;

/// <summary>The Grafana dashboard in docs/ asks for exactly the metrics the app exports: none misspelt, none left out.</summary>
[Collection(MetricsRunAlone.Name)]
public sealed partial class DashboardTests(TrafficScrapes traffic) : IClassFixture<TrafficScrapes>
{
    /// <summary>Measured only when clustered: checked in a clustered node's scrape when test.sh runs the cluster pass.</summary>
    private const string RedisOnly = "whisper_redis_round_trip_seconds";

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_in_a_real_scrape_and_every_Whisper_metric_is_queried()
    {
        var queried = DashboardExpressions().SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        var exported = traffic.After.Names.Union((await KestrelScrapeAsync()).Names).Union(await ClusteredNamesAsync()).ToHashSet(StringComparer.Ordinal);
        Assert.True(queried.Count >= 15, "the dashboard lost its queries");

        Assert.All(queried.Where(name => !name.StartsWith(RedisOnly, StringComparison.Ordinal) || TestCluster.Available), name => Assert.Contains(name, exported));
        var whisperMetrics = exported.Where(n => n.StartsWith("whisper_", StringComparison.Ordinal)).Select(Family).Append(RedisOnly).ToHashSet(StringComparer.Ordinal);
        Assert.True(whisperMetrics.Count >= 15, "the scrape lost Whisper's metrics");
        Assert.All(whisperMetrics, metric => Assert.Contains(queried, name => Family(name) == metric));
    }

    private static IEnumerable<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "docs", "grafana-dashboard.json")));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)];
    }

    /// <summary>Kestrel's figures need a real listening socket; the traffic app runs in memory.</summary>
    private static async Task<Scrape> KestrelScrapeAsync()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:Metrics:Token"] = TrafficScrapes.Token } };
        app.StartOnLoopback();
        using var client = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };
        using var page = await client.GetAsync("/chat");
        return await Scrape.ReadAsync(client, TrafficScrapes.Token);
    }

    private static async Task<IEnumerable<string>> ClusteredNamesAsync()
    {
        if (!TestCluster.Available)
        {
            return [];
        }

        await using var cluster = new TestCluster(new Dictionary<string, string?> { ["Whisper:Metrics:Token"] = TrafficScrapes.Token });
        using var client = cluster.A.CreateClient();
        Scrape? scrape = null;
        await Eventually.HoldsAsync(async () => (scrape = await Scrape.ReadAsync(client, TrafficScrapes.Token)).Names.Contains(RedisOnly + "_count"));
        return scrape!.Names;
    }

    /// <summary>A histogram's series share its name: <c>_bucket</c>, <c>_sum</c> and <c>_count</c> are one metric.</summary>
    private static string Family(string name) => HistogramSeries().Replace(name, "");

    [GeneratedRegex(@"\b(?:whisper|http_server|kestrel)_[a-z_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSeries();
}
