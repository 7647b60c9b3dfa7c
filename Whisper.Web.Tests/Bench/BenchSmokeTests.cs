using Whisper.Bench;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Bench;

/// <summary>The benchmark tool itself works: a tiny run, not a measurement (those live in bench/, never in tests).</summary>
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task A_tiny_benchmark_run_delivers_every_message_to_every_stream()
    {
        await using var app = new WhisperApp();
        var url = app.StartOnLoopback().ToString().TrimEnd('/');
        var log = new List<string>();

        var result = await BenchRun.RunAsync(new BenchOptions { Url = url, Subscribers = 50, Messages = 20, Rate = 100, Posters = 2, Drain = 15 }, log.Add);

        Assert.Equal(50, result.Connected);
        Assert.Equal(1000, result.Delivered);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(0, result.FailedPosts);
        Assert.True(result.P99Ms > 0);
        Assert.Contains(log, l => l.StartsWith("connected 50", StringComparison.Ordinal));
    }
}
