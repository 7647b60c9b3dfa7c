using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Whisper.Web.Push;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Push;

public sealed class PushDeliveryTests(PushDeliveryTests.App app) : IClassFixture<PushDeliveryTests.App>
{
    [Fact]
    public async Task A_subscriber_gets_an_encrypted_push_when_someone_else_writes()
    {
        await using var pushService = await FakePushService.StartAsync();
        using var pair = await SubscribedPairAsync("tech", pushService.BaseUrl + "/push/alice", showText: true);
        var (subscriber, writer, writerName, receiver, auth) = (pair.Subscriber, pair.Writer, pair.WriterName, pair.Key, pair.Auth);
        Assert.Equal(HttpStatusCode.Created, pair.Status);
        // One's own message pushes nothing: the first push must be the other person's.
        await subscriber.PostMessageAsync("tech", "my own message, no push for me");
        await writer.PostMessageAsync("tech", "Hello to everyone with the bell on");

        var (_, headers, body) = await pushService.NextAsync("/push/alice");
        Assert.Equal("aes128gcm", headers.ContentEncoding.ToString());
        Assert.Equal("3600", headers["TTL"].ToString());
        Assert.Equal("normal", headers["Urgency"].ToString());
        var key = await (await subscriber.Client.GetAsync("/push/key")).Content.ReadAsStringAsync();
        Assert.StartsWith("vapid t=", headers.Authorization.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(", k=" + key, headers.Authorization.ToString(), StringComparison.Ordinal);
        using var payload = JsonDocument.Parse(PushDecryption.Decrypt(body, receiver, auth));
        Assert.Equal("Tech", payload.RootElement.GetProperty("title").GetString());
        Assert.Equal($"{writerName}: Hello to everyone with the bell on", payload.RootElement.GetProperty("body").GetString());
        Assert.Equal("/chat/tech", payload.RootElement.GetProperty("url").GetString());
        Assert.DoesNotContain("Hello", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_push_shows_the_words_of_a_formatted_message_without_its_marks()
    {
        await using var pushService = await FakePushService.StartAsync();
        using var pair = await SubscribedPairAsync("tech", pushService.BaseUrl + "/push/plain", showText: true);

        await pair.Writer.PostMessageAsync("tech", "> **Deploy** is _done_, see `main` and [the log](https://example.com/log)");

        var (_, _, body) = await pushService.NextAsync("/push/plain");
        using var payload = JsonDocument.Parse(PushDecryption.Decrypt(body, pair.Key, pair.Auth));
        Assert.Equal($"{pair.WriterName}: Deploy is done, see main and the log", payload.RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task No_push_endpoint_host_or_payload_reaches_the_log_even_at_trace()
    {
        await using var pushService = await FakePushService.StartAsync();
        pushService.Answers["/push/secret-capability-1"] = 503;
        using var pair = await SubscribedPairAsync("lobby", pushService.BaseUrl + "/push/secret-capability-1", showText: true);

        await pair.Writer.PostMessageAsync("lobby", "words that must not be logged");
        await pushService.NextAsync("/push/secret-capability-1");
        await pushService.NextAsync("/push/secret-capability-1");

        var host = new Uri(pushService.BaseUrl).Authority;
        Assert.Contains(app.Log.Lines, l => l.StartsWith("Trace", StringComparison.Ordinal) || l.StartsWith("Debug", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Log.Lines, l => l.Contains("secret-capability", StringComparison.Ordinal) || l.Contains(host, StringComparison.Ordinal)
            || l.Contains("words that must not be logged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_show_text_a_push_names_only_the_room()
    {
        await using var pushService = await FakePushService.StartAsync();
        using var pair = await SubscribedPairAsync("random", pushService.BaseUrl + "/push/quiet", showText: false);
        var (writer, receiver, auth) = (pair.Writer, pair.Key, pair.Auth);

        await writer.PostMessageAsync("random", "a private thought");

        var (_, _, body) = await pushService.NextAsync("/push/quiet");
        var plaintext = Encoding.UTF8.GetString(PushDecryption.Decrypt(body, receiver, auth));
        Assert.Contains("\"body\":\"New message\"", plaintext, StringComparison.Ordinal);
        Assert.DoesNotContain("private thought", plaintext, StringComparison.Ordinal);
        Assert.Single(pushService.Received);
    }

    [Fact]
    public async Task A_mentions_only_subscriber_is_pushed_for_mentions_replies_and_reactions_to_its_messages_alone()
    {
        await using var pushService = await FakePushService.StartAsync();
        using var pair = await SubscribedPairAsync("tech", pushService.BaseUrl + "/push/mentions", showText: true, mentionsOnly: true);
        var (subscriber, writer, writerName) = (pair.Subscriber, pair.Writer, pair.WriterName);
        var firstTwoWords = string.Join(' ', pair.SubscriberName.Split(' ')[..2]).ToLowerInvariant();

        await writer.PostMessageAsync("tech", "a line for nobody in particular");
        await writer.PostMessageAsync("tech", $"hey @{firstTwoWords}, look at this");
        Assert.Equal($"{writerName}: hey @{firstTwoWords}, look at this", await BodyOfPushAsync(pushService, "/push/mentions", pair));

        await subscriber.PostMessageAsync("tech", "my own words about compilers");
        var mine = await SequenceOfAsync(subscriber, "tech", "my own words about compilers");
        using var reacted = await writer.PostAsHtmxAsync(await writer.OpenRoomAsync("tech"), "/chat/tech/reactions", new() { ["r"] = $"{mine}:👍" });
        Assert.Equal(HttpStatusCode.NoContent, reacted.StatusCode);
        Assert.Equal($"{writerName} reacted 👍 to your message: my own words about compilers", await BodyOfPushAsync(pushService, "/push/mentions", pair, 2));

        await writer.PostAsHtmxAsync(await writer.OpenRoomAsync("tech"), "/chat/tech/messages", new() { ["text"] = "an answer to you", ["reply"] = $"{mine}" });
        Assert.Equal($"{writerName}: an answer to you", await BodyOfPushAsync(pushService, "/push/mentions", pair, 3));
        Assert.Equal(3, Pushes(pushService, "/push/mentions").Count);
    }

    [Fact]
    public async Task Without_show_text_a_reaction_push_tells_neither_who_nor_the_words()
    {
        await using var pushService = await FakePushService.StartAsync();
        using var pair = await SubscribedPairAsync("random", pushService.BaseUrl + "/push/quiet-reaction", showText: false, mentionsOnly: true);
        await pair.Subscriber.PostMessageAsync("random", "my secret plans for the weekend");
        var mine = await SequenceOfAsync(pair.Subscriber, "random", "my secret plans for the weekend");

        using var reacted = await pair.Writer.PostAsHtmxAsync(await pair.Writer.OpenRoomAsync("random"), "/chat/random/reactions", new() { ["r"] = $"{mine}:😮" });

        var body = await BodyOfPushAsync(pushService, "/push/quiet-reaction", pair);
        Assert.Equal("Someone reacted 😮 to your message", body);
        Assert.DoesNotContain(pair.WriterName, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscription_the_push_service_calls_gone_is_deleted()
    {
        await using var pushService = await FakePushService.StartAsync();
        pushService.Answers["/push/gone"] = 410;
        using var pair = await SubscribedPairAsync("lobby", pushService.BaseUrl + "/push/gone", showText: false);
        var (subscriber, writer) = (pair.Subscriber, pair.Writer);
        Assert.Contains("Room lobby", (await subscriber.GetAsync("/me")).Page.QuerySelector(".facts__list")!.TextContent, StringComparison.Ordinal);

        await writer.PostMessageAsync("lobby", "anyone there?");
        await pushService.NextAsync("/push/gone");

        var subscriptions = app.Service<PushSubscriptions>();
        await Eventually.HoldsAsync(() => !subscriptions.ForRoom("lobby").Any(s => s.Endpoint.EndsWith("/push/gone", StringComparison.Ordinal)));
        Assert.DoesNotContain(subscriptions.ForRoom("lobby"), s => s.Endpoint.EndsWith("/push/gone", StringComparison.Ordinal));
        Assert.Null((await subscriber.GetAsync("/me")).Page.QuerySelector(".facts__list"));
    }

    [Fact]
    public async Task A_push_service_that_fails_for_a_moment_gets_the_push_again()
    {
        await using var pushService = await FakePushService.StartAsync();
        pushService.Answers["/push/flaky"] = 503;
        using var pair = await SubscribedPairAsync("lobby", pushService.BaseUrl + "/push/flaky", showText: false);
        var writer = pair.Writer;

        await writer.PostMessageAsync("lobby", "are you back?");
        await pushService.NextAsync("/push/flaky");
        pushService.Answers["/push/flaky"] = 201;

        await Eventually.HoldsAsync(() => pushService.Received.Count(r => r.Path == "/push/flaky") >= 2, attempts: 60);
        Assert.Equal(2, pushService.Received.Count(r => r.Path == "/push/flaky"));
        Assert.Contains(app.Service<PushSubscriptions>().ForRoom("lobby"), s => s.Endpoint.EndsWith("/push/flaky", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_subscriptions_are_refused_and_deleting_the_identity_deletes_them()
    {
        using var visitor = app.NewVisitor();
        using var stranger = app.NewVisitor();
        await visitor.JoinAsync();
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var auth = RandomNumberGenerator.GetBytes(16);

        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SubscribePushAsync("lobby", "http://127.0.0.1:9/push/x", key, auth, false)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await visitor.SubscribePushAsync("lobby", "https://10.0.0.5/push/x", key, auth, false)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await visitor.SubscribePushAsync("lobby", "http://127.0.0.1:9/push/x", key, new byte[5], false)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.SubscribePushAsync("nowhere", "http://127.0.0.1:9/push/x", key, auth, false)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await visitor.SubscribePushAsync("lobby", "http://127.0.0.1:9/push/mine", key, auth, false)).StatusCode);
        foreach (var unspecified in new[] { "https://0.0.0.0/x", "https://[::]/x", "https://[::ffff:0:7f00:1]/x", "https://[2002:a00:5::]/x" })
        {
            using var refused = await visitor.SubscribePushAsync("lobby", unspecified, key, auth, false);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("cannot be used", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var page = await visitor.OpenRoomAsync();
        foreach (var (body, status, sentence) in new[]
        {
            ("{\"room\":\"lobby\",\"endpoint\":\"" + new string('x', 9000) + "\"}", HttpStatusCode.RequestEntityTooLarge, "too large"),
            ("{not json", HttpStatusCode.BadRequest, "not a push subscription"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/push/subscriptions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("RequestVerificationToken", page.QuerySelector("meta[name=antiforgery-token]")!.GetAttribute("content"));
            using var response = await visitor.Client.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            Assert.Contains(sentence, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await visitor.SubmitAsync("/me", "/me/delete", new() { ["confirm"] = "true" });

        Assert.DoesNotContain(app.Service<PushSubscriptions>().ForRoom("lobby"), s => s.Endpoint.EndsWith("/push/mine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_waiting_push_is_not_sent_once_its_message_is_deleted()
    {
        await using var pushService = await FakePushService.StartAsync();
        using var pair = await SubscribedPairAsync("tech", pushService.BaseUrl + "/push/deleted", showText: true);
        await pair.Writer.PostMessageAsync("tech", "first");
        await pushService.NextAsync("/push/deleted");

        // The second waits for the interval, and is deleted meanwhile: its words never leave the server.
        await pair.Writer.PostMessageAsync("tech", "second, soon deleted");
        var sequence = app.Service<Whisper.Web.Rooms.RoomRegistry>().Find("tech")!.Snapshot().Messages.Last(m => m.Text == "second, soon deleted").Sequence;
        using var deleted = await pair.Writer.SubmitAsync(
            await pair.Writer.OpenRoomAsync("tech"), "/chat/tech/deletions", new() { ["seq"] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await Task.Delay(Interval * 2);
        await pair.Writer.PostMessageAsync("tech", "third");

        Assert.True(await Eventually.HoldsAsync(() => Pushes(pushService, "/push/deleted").Count == 2, attempts: 100));
        using var payload = JsonDocument.Parse(PushDecryption.Decrypt(Pushes(pushService, "/push/deleted")[1], pair.Key, pair.Auth));
        Assert.Equal($"{pair.WriterName}: third", payload.RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_waiting_push_is_not_sent_after_unsubscribing_or_deleting_ones_identity()
    {
        await using var pushService = await FakePushService.StartAsync();
        using var stopping = await SubscribedPairAsync("random", pushService.BaseUrl + "/push/stopped", showText: true);
        var writer = stopping.Writer;
        using var leaver = await SubscribedPairAsync("random", pushService.BaseUrl + "/push/forgotten", showText: true);
        using var staying = await SubscribedPairAsync("random", pushService.BaseUrl + "/push/staying", showText: false);
        await writer.PostMessageAsync("random", "first");
        Assert.True(await Eventually.HoldsAsync(() => pushService.Received.Count == 3, attempts: 100));

        // The second waits for the interval; meanwhile one subscriber stops, another deletes its identity.
        await writer.PostMessageAsync("random", "second");
        var id = app.Service<PushSubscriptions>().ForName(stopping.SubscriberName).Single().Id;
        using var stopped = await stopping.Subscriber.SubmitAsync("/me", $"/push/subscriptions/{id}/delete", new());
        using var forgotten = await leaver.Subscriber.SubmitAsync("/me", "/me/delete", new() { ["confirm"] = "true" });

        Assert.True(await Eventually.HoldsAsync(() => Pushes(pushService, "/push/staying").Count == 2, attempts: 100));
        await Task.Delay(Interval);
        Assert.Single(Pushes(pushService, "/push/stopped"));
        Assert.Single(Pushes(pushService, "/push/forgotten"));
    }

    [Fact]
    public async Task Push_services_beyond_the_cap_share_one_queue_and_still_get_their_pushes()
    {
        var services = new List<FakePushService>();
        try
        {
            for (var i = 0; i < MaxOrigins + 1; i++)
            {
                services.Add(await FakePushService.StartAsync());
            }

            using var pair = await SubscribedPairAsync("lobby", services[0].BaseUrl + "/push/capped", showText: false);
            foreach (var service in services.Skip(1))
            {
                using var more = await pair.Subscriber.SubscribePushAsync("lobby", service.BaseUrl + "/push/capped", pair.Key, pair.Auth, false);
                Assert.Equal(HttpStatusCode.Created, more.StatusCode);
            }

            await pair.Writer.PostMessageAsync("lobby", "to every service");

            foreach (var service in services)
            {
                await service.NextAsync("/push/capped");
            }

            // Two of their own (these or earlier tests'), and the overflow they share.
            Assert.Equal(MaxOrigins + 1, app.Service<PushSender>().OpenOrigins);
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync();
            }
        }
    }

    /// <summary>As the app below is set.</summary>
    private const int MaxOrigins = 2;

    /// <summary>As the app below is set: short, so a push that waits for its interval is seen waiting and then going.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>The text of the <paramref name="nth"/> push (from 1) that reached <paramref name="path"/>, once it has.</summary>
    private static async Task<string> BodyOfPushAsync(FakePushService service, string path, Subscribed pair, int nth = 1)
    {
        Assert.True(await Eventually.HoldsAsync(() => Pushes(service, path).Count >= nth, attempts: 100), $"No push number {nth} reached {path}.");
        var body = Pushes(service, path)[nth - 1];
        using var payload = JsonDocument.Parse(PushDecryption.Decrypt(body, pair.Key, pair.Auth));
        return payload.RootElement.GetProperty("body").GetString()!;
    }

    private static async Task<long> SequenceOfAsync(VisitorClient visitor, string room, string text)
    {
        var shown = (await visitor.OpenRoomAsync(room)).QuerySelectorAll(".message").Last(m => m.QuerySelector(".message__body")?.TextContent == text);
        return long.Parse(shown.Id![(shown.Id!.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<byte[]> Pushes(FakePushService service, string path) => service.Received.Where(r => r.Path == path).Select(r => r.Body).ToList();

    /// <summary>Two joined people in a room; the first has subscribed this endpoint with a fresh key pair and secret.</summary>
    private async Task<Subscribed> SubscribedPairAsync(string room, string endpoint, bool showText, bool mentionsOnly = false)
    {
        var pair = new Subscribed(app.NewVisitor(), app.NewVisitor(), ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), RandomNumberGenerator.GetBytes(16));
        pair.SubscriberName = await pair.Subscriber.JoinAsync(room);
        pair.WriterName = await pair.Writer.JoinAsync(room);
        using var response = await pair.Subscriber.SubscribePushAsync(room, endpoint, pair.Key, pair.Auth, showText, mentionsOnly);
        pair.Status = response.StatusCode;
        return pair;
    }

    private sealed class Subscribed(VisitorClient subscriber, VisitorClient writer, ECDiffieHellman key, byte[] auth) : IDisposable
    {
        public VisitorClient Subscriber => subscriber;

        public VisitorClient Writer => writer;

        public ECDiffieHellman Key => key;

        public byte[] Auth => auth;

        public string WriterName { get; set; } = "";

        public string SubscriberName { get; set; } = "";

        public HttpStatusCode Status { get; set; }

        public void Dispose()
        {
            subscriber.Dispose();
            writer.Dispose();
            key.Dispose();
        }
    }

    /// <summary>Pushes to the fake service on loopback, with everything logged down to Trace: no push endpoint may show at any level.</summary>
    public sealed class App() : WhisperApp(
        ("Whisper:Push:AllowLoopbackEndpoints", "true"), ("Whisper:Push:MinInterval", "00:00:02"), ("Whisper:Push:MaxOrigins", "2"), ("Logging:LogLevel:Default", "Trace"), ("Logging:LogLevel:Microsoft.AspNetCore", "Information"));
}
