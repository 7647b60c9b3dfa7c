using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Metrics;
using Whisper.Web.Sse;

namespace Whisper.Web.Tests.Metrics;

/// <summary>The rules behind two figures: a delivery is timed once, when its last stream is done; a minute is sixty seconds.</summary>
public sealed class FigureRulesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_delivery_is_recorded_once_after_the_dispatcher_and_every_stream_whichever_comes_last(bool streamsFirst)
    {
        using var meter = new Meter("test-" + Guid.NewGuid());
        var latency = meter.CreateHistogram<double>("latency");
        var recorded = new List<double>();
        using var listener = Listen(latency, recorded);
        var timing = new DeliveryTiming(latency);

        if (streamsFirst)
        {
            timing.Written();
            timing.Written();
            Assert.Empty(recorded);
            timing.Dispatched(3);
            Assert.Empty(recorded);
            timing.Written();
        }
        else
        {
            timing.Dispatched(3);
            timing.Written();
            timing.Written();
            Assert.Empty(recorded);
            timing.Written();
        }

        Assert.Single(recorded);
        Assert.True(recorded[0] >= 0);
    }

    [Fact]
    public void A_delivery_no_stream_queued_is_not_recorded()
    {
        using var meter = new Meter("test-" + Guid.NewGuid());
        var latency = meter.CreateHistogram<double>("latency");
        var recorded = new List<double>();
        using var listener = Listen(latency, recorded);

        new DeliveryTiming(latency).Dispatched(0);

        Assert.Empty(recorded);
    }

    [Fact]
    public void A_minute_count_forgets_what_happened_more_than_sixty_seconds_ago()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var count = new MinuteCount(time);
        count.Add();
        count.Add();
        time.Advance(TimeSpan.FromSeconds(30));
        count.Add();
        Assert.Equal(3, count.Total);

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, count.Total);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, count.Total);
        count.Add();
        Assert.Equal(1, count.Total);
    }

    private static MeterListener Listen(Histogram<double> latency, List<double> recorded)
    {
        var listener = new MeterListener { InstrumentPublished = (instrument, l) => { if (instrument == latency) { l.EnableMeasurementEvents(instrument); } } };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => recorded.Add(value));
        listener.Start();
        return listener;
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "80", "http://0.0.0.0:8080")]
    [InlineData(null, "8080", "http://*:8080")]
    [InlineData(null, "80;8081", "http://*:80;http://*:8081")]
    [InlineData(null, null, "http://localhost:5000")]
    public void The_metrics_port_keeps_the_public_addresses_however_they_were_given(string? urls, string? httpPorts, string expected)
    {
        var settings = new Dictionary<string, string?> { ["urls"] = urls, ["http_ports"] = httpPorts };

        Assert.Equal(expected, MetricsFeature.PublicUrls(key => settings.GetValueOrDefault(key)));
    }
}
