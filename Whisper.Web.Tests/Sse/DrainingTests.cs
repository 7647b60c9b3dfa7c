using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Sse;

/// <summary>A node told to stop (SIGTERM) sends its streams elsewhere, while it is held between "stopping" and the server's stop.</summary>
public sealed partial class DrainingTests
{
    [Fact]
    public async Task A_node_that_is_stopping_refuses_new_streams_with_503_and_Retry_After_so_browsers_go_elsewhere()
    {
        var hold = new StopHold();
        await using var app = new WhisperApp { ExtraServices = services => services.AddSingleton<IHostedService>(hold) };
        using var visitor = app.NewVisitor();
        Assert.Equal(HttpStatusCode.OK, (await visitor.Client.GetAsync("/healthz")).StatusCode);
        var page = await visitor.OpenRoomAsync();
        await using (await visitor.OpenStreamAsync("lobby", page.LastSequence()))
        {
            // Streams open while the node runs: the refusal below is the stop's doing.
        }

        app.Service<IHostApplicationLifetime>().StopApplication();
        await hold.Reached;

        foreach (var path in new[] { "/chat/lobby/events", "/chat/tech/events?after=3", "/talk/events?session=gone" })
        {
            using var refused = await visitor.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("This server is restarting: the page reconnects by itself in a moment.", await refused.Content.ReadAsStringAsync());
        }

        // A balancer that checks health stops sending anyone here; pages still work while the node drains.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await visitor.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/chat")).Status);
        hold.Release();
    }

    [Fact]
    public async Task An_open_stream_gets_what_was_queued_then_a_short_retry_and_ends_when_its_node_stops()
    {
        var hold = new StopHold();
        await using var app = new WhisperApp { ExtraServices = services => services.AddSingleton<IHostedService>(hold) };
        using var poster = app.NewVisitor();
        using var reader = app.NewVisitor();
        await poster.JoinAsync();
        var page = await reader.OpenRoomAsync();
        await using var stream = await reader.OpenStreamAsync("lobby", page.LastSequence());
        await poster.PostMessageAsync("lobby", "before the stop");
        var delivered = await stream.NextAsync("message");
        Assert.Contains("before the stop", delivered.Data, StringComparison.Ordinal);

        app.Service<IHostApplicationLifetime>().StopApplication();
        await hold.Reached;

        // The stream ends by itself (no timeout), and its last words are a reconnect sooner than the usual 2 s.
        var rest = await stream.RestAsync();
        var retries = RetryLine().Matches(rest);
        Assert.NotEmpty(retries);
        var delay = int.Parse(retries[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(delay, 100, 1999);
        Assert.EndsWith($"retry: {delay}\n\n", rest, StringComparison.Ordinal);
        // The browser resumes from the id it has: nothing after the last message carries an id of its own.
        Assert.DoesNotContain("id: ", rest, StringComparison.Ordinal);
        hold.Release();
    }

    [GeneratedRegex(@"^retry: (\d+)$", RegexOptions.Multiline)]
    private static partial Regex RetryLine();
}
