using System.Net;
using System.Security.Cryptography;
using Whisper.Web.Tests.Push;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Metrics;

/// <summary>
/// One app driven through real traffic of every kind (room posts and streams, a reader too slow to keep up, a file,
/// pushes that succeed, are retried and fail, a stranger pair, an address refused until it is blocked), scraped before,
/// while its streams are open, and after. Shared by the metrics tests and the dashboard test, since it takes seconds.
/// </summary>
public sealed class TrafficScrapes : IAsyncLifetime
{
    public const string Token = "metrics-token-for-tests-0123456789";

    /// <summary>What no label may carry: the visitors' names and addresses, a room nobody configured, what was said.</summary>
    public List<string> Secrets { get; } = ["198.51.100.17", "198.51.100.18", "198.51.100.19", "198.51.100.20", "198.51.100.66", "unconfigured-room-4242"];

    public WhisperApp App { get; } = new()
    {
        Settings =
        {
            ["Whisper:Metrics:Token"] = Token,
            ["Whisper:ForwardedHeaders:Enabled"] = "true",
            ["Whisper:Push:AllowLoopbackEndpoints"] = "true",
            ["Whisper:Sse:SubscriberBuffer"] = "8",
            ["Whisper:RateLimits:JoinsPerHour"] = "1",
            ["Whisper:RateLimits:OffenderThreshold"] = "2",
        },
    };

    public Scrape Before { get; private set; } = new("");

    /// <summary>Taken while a room stream, a stranger's stream and a waiting stranger are open.</summary>
    public Scrape During { get; private set; } = new("");

    public Scrape After { get; private set; } = new("");

    public async Task InitializeAsync()
    {
        using var client = App.CreateClient();
        Before = await Scrape.ReadAsync(client, Token);
        await using var pushService = await FakePushService.StartAsync();
        pushService.Answers["/push/flaky"] = 503;
        pushService.Answers["/push/broken"] = 400;

        using var poster = Visitor("198.51.100.17");
        using var reader = Visitor("198.51.100.18");
        using var slow = Visitor("198.51.100.19");
        Secrets.Add(await poster.JoinAsync("tech"));
        Secrets.Add(await reader.JoinAsync("tech"));
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var flaky = await reader.SubscribePushAsync("tech", pushService.BaseUrl + "/push/flaky", key, RandomNumberGenerator.GetBytes(16), showText: true);
        using var broken = await reader.SubscribePushAsync("tech", pushService.BaseUrl + "/push/broken", key, RandomNumberGenerator.GetBytes(16), showText: true);
        Assert.Equal(HttpStatusCode.Created, flaky.StatusCode);
        Assert.Equal(HttpStatusCode.Created, broken.StatusCode);
        using var unknown = await poster.Client.GetAsync("/chat/unconfigured-room-4242");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await using (var stream = await reader.OpenStreamAsync("tech"))
        await using (var tooSlow = await slow.OpenStreamAsync("tech"))
        {
            using var stranger = Visitor("198.51.100.20");
            var (_, waiting) = await stranger.StartTalkAsync();
            await using var talkStream = await stranger.OpenTalkAsync(waiting);
            // About 2 KB each: past the 64 KB the in-memory response holds unread, the slow stream's queue fills.
            for (var i = 0; i < 60; i++)
            {
                var text = $"metrics-secret-text-{i}-" + new string('x', 1800);
                Secrets.Add($"metrics-secret-text-{i}-");
                using var posted = await poster.PostMessageAsync("tech", text, htmx: true);
                Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
                await stream.NextAsync("message");
            }

            using var uploaded = await poster.UploadAsync("tech", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], "metrics-secret-file.png", "metrics-secret-caption");
            Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
            Secrets.AddRange(["metrics-secret-file", "metrics-secret-caption"]);
            await pushService.NextAsync("/push/flaky");
            pushService.Answers["/push/flaky"] = 201;
            await pushService.NextAsync("/push/broken");
            // The next attempt comes 1, 4 or 16 seconds after the last refused one.
            await Eventually.HoldsAsync(async () => (await Scrape.ReadAsync(client, Token)).Sum("whisper_push_sent_total") >= 1, attempts: 250);
            During = await Scrape.ReadAsync(client, Token);
        }

        await MatchStrangersAsync();
        await OffendAsync();
        // Streams close and gauges settle after the requests end: read once that has happened.
        await Eventually.HoldsAsync(async () => (After = await Scrape.ReadAsync(client, Token)).Sum("whisper_streams_open") == 0);
    }

    private VisitorClient Visitor(string address)
    {
        var visitor = App.NewVisitor();
        visitor.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return visitor;
    }

    private async Task MatchStrangersAsync()
    {
        using var one = Visitor("198.51.100.17");
        using var other = Visitor("198.51.100.18");
        // An interest, so neither is paired with the stranger still leaving from before.
        var (_, first) = await one.StartTalkAsync(interests: "metrics");
        var (_, second) = await other.StartTalkAsync(interests: "metrics");
        await using var firstStream = await one.OpenTalkAsync(first);
        await using var secondStream = await other.OpenTalkAsync(second);
        Assert.Contains("matched", (await secondStream.NextAsync("status")).Data, StringComparison.Ordinal);
    }

    /// <summary>One name per address an hour: the second and third joins are refused, and the second refusal blocks the address.</summary>
    private async Task OffendAsync()
    {
        using var offender = Visitor("198.51.100.66");
        var page = await offender.OpenRoomAsync("lobby");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var joined = await offender.SubmitAsync(page, "/identity", new() { ["accept"] = "true", ["room"] = "lobby" });
            statuses.Add(joined.StatusCode);
        }

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
