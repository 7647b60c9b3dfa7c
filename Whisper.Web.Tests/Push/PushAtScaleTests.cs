using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Push;

/// <summary>
/// The push pipeline under pressure, with an app whose queues are tiny (one push in flight and one waiting per
/// push service) so a handful of subscriptions fills them.
/// </summary>
public sealed class PushAtScaleTests(PushAtScaleTests.App app) : IClassFixture<PushAtScaleTests.App>, IDisposable
{
    private readonly ECDiffieHellman key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] auth = RandomNumberGenerator.GetBytes(16);
    private readonly VisitorClient subscriber = app.NewVisitor();
    private readonly VisitorClient writer = app.NewVisitor();

    [Fact]
    public async Task A_full_queue_merges_pushes_so_each_subscription_still_gets_what_it_missed_counted()
    {
        await using var pushService = await FakePushService.StartAsync();
        pushService.Delay = TimeSpan.FromMilliseconds(500);
        var endpoints = Enumerable.Range(1, 5).Select(i => $"{pushService.BaseUrl}/push/full-{i}").ToList();
        await SubscribeAsync("tech", endpoints);

        foreach (var text in new[] { "one", "two", "three" })
        {
            await writer.PostMessageAsync("tech", text);
        }

        // Every subscription's pushes add up to the three messages: nothing was dropped.
        Assert.True(await Eventually.HoldsAsync(() => endpoints.All(e => CountsAt(pushService, e).Sum() == 3), attempts: 150));
        // Those that found the queue full waited, and got one push counting all three.
        Assert.Contains(endpoints, e => CountsAt(pushService, e).SequenceEqual([3]));
        Assert.Contains(app.Log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("queue was full", StringComparison.Ordinal));
        var host = new Uri(pushService.BaseUrl).Authority;
        Assert.DoesNotContain(app.Log.Lines, l => l.Contains(host, StringComparison.Ordinal) || l.Contains("/push/full", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_push_service_holds_up_neither_another_push_service_nor_the_chat()
    {
        await using var slow = await FakePushService.StartAsync();
        await using var fast = await FakePushService.StartAsync();
        slow.Delay = TimeSpan.FromSeconds(5);
        await SubscribeAsync("random", [.. Enumerable.Range(1, 4).Select(i => $"{slow.BaseUrl}/push/slow-{i}"), fast.BaseUrl + "/push/fast"]);

        using var posted = await writer.PostMessageAsync("random", "is anyone awake?", htmx: true);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await fast.NextAsync("/push/fast");
        // The slow service has every one of its slots waiting on it, and has answered none yet.
        Assert.Equal(0, slow.Answered);
        var (_, page) = await subscriber.GetAsync("/chat/random/messages");
        Assert.Contains("is anyone awake?", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_push_service_that_offers_HTTP_2_gets_its_pushes_over_HTTP_2()
    {
        await using var pushService = await FakePushService.StartAsync(http2: true);
        Assert.StartsWith("https://", pushService.BaseUrl, StringComparison.Ordinal);
        await SubscribeAsync("lobby", [pushService.BaseUrl + "/push/multiplexed"]);

        await writer.PostMessageAsync("lobby", "over one connection");

        var (_, _, body) = await pushService.NextAsync("/push/multiplexed");
        Assert.Equal(["HTTP/2"], pushService.Protocols);
        using var payload = JsonDocument.Parse(PushDecryption.Decrypt(body, key, auth));
        Assert.Equal("New message", payload.RootElement.GetProperty("body").GetString());
    }

    public void Dispose()
    {
        key.Dispose();
        subscriber.Dispose();
        writer.Dispose();
    }

    /// <summary>The subscriber subscribes every endpoint to the room (one browser each), and both people join it.</summary>
    private async Task SubscribeAsync(string room, IReadOnlyList<string> endpoints)
    {
        await subscriber.JoinAsync(room);
        await writer.JoinAsync(room);
        foreach (var endpoint in endpoints)
        {
            using var response = await subscriber.SubscribePushAsync(room, endpoint, key, auth, showText: false);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    /// <summary>The message count each push to this endpoint carried, in arrival order.</summary>
    private List<int> CountsAt(FakePushService service, string endpoint) =>
        [.. service.Received.Where(r => endpoint.EndsWith(r.Path, StringComparison.Ordinal))
            .Select(r => JsonDocument.Parse(PushDecryption.Decrypt(r.Body, key, auth)).RootElement.GetProperty("count").GetInt32())];

    /// <summary>One push in flight and one waiting per push service; the interval short enough for a test to see its end.</summary>
    public sealed class App() : WhisperApp(
        ("Whisper:Push:AllowLoopbackEndpoints", "true"),
        ("Whisper:Push:ConcurrencyPerOrigin", "1"),
        ("Whisper:Push:QueueSize", "1"),
        ("Whisper:Push:MinInterval", "00:00:03"))
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(FakePushService.TrustCertificate);
        }
    }
}
