namespace Whisper.Web.Tests.Metrics;

/// <summary>
/// Each of Whisper's figures moves with real traffic, and none carries anything personal. Alone: the exporter hears
/// every meter of its name in the process, so another test's app would add its own figures to these.
/// </summary>
[Collection(MetricsRunAlone.Name)]
public sealed class MetricsTests(TrafficScrapes traffic) : IClassFixture<TrafficScrapes>
{
    [Theory]
    [InlineData("whisper_messages_posted_total", 60)]
    [InlineData("whisper_fanout_deliveries_total", 60)]
    [InlineData("whisper_delivery_latency_seconds_count", 60)]
    [InlineData("whisper_streams_cut_off_total", 1)]
    [InlineData("whisper_push_sent_total", 1)]
    [InlineData("whisper_push_failed_total", 1)]
    [InlineData("whisper_push_retried_total", 1)]
    [InlineData("whisper_strangers_matches_total", 1)]
    [InlineData("whisper_rate_limit_refusals_total", 3)]
    [InlineData("whisper_rate_limit_blocks_total", 1)]
    [InlineData("whisper_uploads_total", 1)]
    [InlineData("http_server_request_duration_seconds_count", 50)]
    public void A_counter_grows_with_the_traffic_that_feeds_it(string metric, double atLeast)
    {
        var grown = traffic.After.Sum(metric) - traffic.Before.Sum(metric);
        Assert.True(grown >= atLeast, $"{metric} grew by {grown}, expected at least {atLeast}");
    }

    [Fact]
    public void Gauges_show_what_is_open_while_it_is_open_and_settle_after()
    {
        Assert.True(traffic.During.Sum("whisper_streams_open", "kind=\"room\"") >= 2, "two room streams were open");
        Assert.True(traffic.During.Sum("whisper_streams_open", "kind=\"talk\"") >= 1, "a stranger's stream was open");
        Assert.Equal(1, traffic.During.Sum("whisper_strangers_waiting"));
        Assert.True(traffic.During.Sum("whisper_files_stored_bytes") > 0);
        Assert.Contains("whisper_push_queue", traffic.During.Names);
        // Given-up pushes are read from the sender each scrape, so the figure is there before any push gives up.
        Assert.Contains("whisper_push_given_up_total", traffic.During.Names);
        Assert.Equal(0, traffic.After.Sum("whisper_streams_open"));
        Assert.Equal(0, traffic.After.Sum("whisper_strangers_waiting"));
    }

    [Fact]
    public void Refusals_are_labelled_by_policy_only()
    {
        Assert.True(traffic.After.Sum("whisper_rate_limit_refusals_total", "policy=\"joins\"") >= 2);
        Assert.True(traffic.After.Sum("whisper_rate_limit_refusals_total", "policy=\"blocked\"") >= 1);
        Assert.True(traffic.After.Sum("whisper_streams_cut_off_total", "kind=\"room\"") >= 1);
    }

    [Fact]
    public void No_label_holds_a_name_an_address_an_unconfigured_room_or_a_text()
    {
        Assert.True(traffic.Secrets.Count > 10, "the traffic recorded its names and texts");
        Assert.True(traffic.After.Samples.Count > 50, "the scrape is not empty");
        Assert.All(traffic.Secrets, secret => Assert.DoesNotContain(secret, traffic.After.Text, StringComparison.OrdinalIgnoreCase));
        Assert.All(traffic.Secrets, secret => Assert.DoesNotContain(secret, traffic.During.Text, StringComparison.OrdinalIgnoreCase));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsRunAlone
{
    public const string Name = "Metrics, alone";
}
