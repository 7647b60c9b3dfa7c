using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Push;
using Whisper.Web.Rooms;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Push;

public sealed class PushRulesTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_VAPID_token_verifies_with_the_public_key_and_names_the_push_service_origin()
    {
        var dataPath = Directory.CreateTempSubdirectory("whisper-vapid-").FullName;
        try
        {
            using var vapid = new Vapid(
                Microsoft.Extensions.Options.Options.Create(new PushOptions { Subject = "mailto:ops@example.org" }),
                TestDatabases.Create(dataPath), time);

            var header = vapid.AuthorizationFor(new Uri("https://push.example.net:8443/send/abc?x=1"));

            var (token, key) = (header.Split(", k=")[0]["vapid t=".Length..], header.Split(", k=")[1]);
            Assert.Equal(vapid.PublicKey, key);
            var parts = token.Split('.');
            using var verifier = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = Point(key) });
            Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), PushKeys.Base64Url(parts[2])!, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            using var claims = JsonDocument.Parse(PushKeys.Base64Url(parts[1]));
            Assert.Equal("https://push.example.net:8443", claims.RootElement.GetProperty("aud").GetString());
            Assert.Equal("mailto:ops@example.org", claims.RootElement.GetProperty("sub").GetString());
            var expires = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
            Assert.InRange(expires - time.GetUtcNow(), TimeSpan.FromHours(1), TimeSpan.FromHours(24));
            // The same key pair comes back after a restart.
            using var again = new Vapid(Microsoft.Extensions.Options.Options.Create(new PushOptions()),
                TestDatabases.Create(dataPath), time);
            Assert.Equal(vapid.PublicKey, again.PublicKey);
        }
        finally
        {
            WhisperApp.TryDelete(dataPath);
        }
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("64:ff9b::808:808", true)]
    [InlineData("::127.0.0.1", false)]
    [InlineData("::a9fe:a9fe", false)]
    [InlineData("::ffff:0:7f00:1", false)]
    [InlineData("2002:a00:5::", false)]
    [InlineData("2002:808:808::1", true)]
    [InlineData("2001::1", false)]
    [InlineData("100::1", false)]
    [InlineData("5f00::1", false)]
    [InlineData("3fff::1", false)]
    [InlineData("2001:2::1", false)]
    [InlineData("2001:10::1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("::", false)]
    [InlineData("ff02::1", false)]
    [InlineData("2a00:1450:4001:80b::200e", true)]
    public void Only_public_internet_addresses_may_receive_pushes(string address, bool allowed) =>
        Assert.Equal(allowed, Whisper.Web.Hosting.PublicAddress.Is(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://127.0.0.1/push", false, false)]
    [InlineData("https://localhost/push", false, false)]
    [InlineData("https://10.0.0.8/push", false, false)]
    [InlineData("https://[::1]/push", false, false)]
    [InlineData("http://8.8.8.8/push", false, false)]
    [InlineData("ftp://8.8.8.8/push", false, false)]
    [InlineData("https://user:secret@8.8.8.8/push", false, false)]
    [InlineData("not a url", false, false)]
    [InlineData("https://0.0.0.0/x", false, false)]
    [InlineData("https://[::]/x", false, false)]
    [InlineData("https://[::127.0.0.1]/x", false, false)]
    [InlineData("https://[2002:a00:5::]/x", false, false)]
    [InlineData("https://8.8.8.8/push", false, true)]
    [InlineData("http://127.0.0.1:9/push", true, true)]
    [InlineData("http://10.0.0.8/push", true, false)]
    public async Task Endpoints_must_be_https_on_a_public_host(string endpoint, bool allowLoopback, bool acceptable) =>
        Assert.Equal(acceptable, await PushEndpoints.IsAcceptableAsync(endpoint, allowLoopback, CancellationToken.None));

    [Fact]
    public void Pushes_are_coalesced_to_one_per_interval_and_the_next_counts_what_came()
    {
        var sent = new List<(long Subscription, string Text, int Count)>();
        using var coalescer = Recording(sent);
        var alice = Subscription(1);
        var bob = Subscription(2);

        coalescer.Offer(alice, Message("one"));
        coalescer.Offer(bob, Message("one"));
        time.Advance(TimeSpan.FromSeconds(5));
        coalescer.Offer(alice, Message("two"));
        coalescer.Offer(alice, Message("three"));
        Assert.Equal([(1L, "one", 1), (2L, "one", 1)], sent);

        time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal((1L, "three", 2), sent[^1]);
        Assert.Equal(3, sent.Count);

        time.Advance(TimeSpan.FromSeconds(31));
        coalescer.Offer(alice, Message("four"));
        Assert.Equal((1L, "four", 1), sent[^1]);
    }

    [Fact]
    public void A_full_queue_makes_each_subscriber_wait_for_one_push_that_counts_every_message_it_missed()
    {
        var sent = new List<(long Subscription, string Text, int Count)>();
        var room = 1;
        using var coalescer = new PushCoalescer(TimeSpan.FromSeconds(30), time, (s, m, n) =>
        {
            if (room == 0)
            {
                return false;
            }

            room--;
            sent.Add((s.Id, m.Message.Text, n));
            return true;
        });
        var subscribers = Enumerable.Range(1, 4).Select(i => Subscription(i)).ToList();

        foreach (var text in new[] { "one", "two", "three" })
        {
            subscribers.ForEach(s => coalescer.Offer(s, Message(text)));
        }

        // The queue had room for one push: the others wait, and keep counting.
        Assert.Equal([(1L, "one", 1)], sent);
        time.Advance(PushCoalescer.FullQueueRetry);
        Assert.Single(sent);

        room = 100;
        time.Advance(PushCoalescer.FullQueueRetry);
        Assert.Equal([(2L, "three", 3), (3L, "three", 3), (4L, "three", 3)], sent.Skip(1).OrderBy(p => p.Subscription));
        // The first subscriber's two later messages wait for the interval, as always.
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal((1L, "three", 2), sent[^1]);
        Assert.Equal(5, sent.Count);
    }

    [Fact]
    public void A_forgotten_subscription_gets_no_waiting_push_and_idle_ones_are_swept()
    {
        var sent = new List<(long Subscription, string Text, int Count)>();
        using var coalescer = Recording(sent);
        var (alice, bob, carol) = (Subscription(1), Subscription(2), Subscription(3));
        foreach (var subscriber in new[] { alice, bob, carol })
        {
            coalescer.Offer(subscriber, Message("one"));
            coalescer.Offer(subscriber, Message("two"));
        }

        // Alice unsubscribes while her second message waits: it never goes, and her state is gone at once.
        coalescer.Forget(alice.Id);
        Assert.Equal(2, coalescer.Held);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([(2L, "two", 1), (3L, "two", 1)], sent.Skip(3).OrderBy(p => p.Subscription));

        // Bob keeps talking; Carol's interval passes with nothing waiting, so the sweep drops her state.
        time.Advance(TimeSpan.FromSeconds(20));
        coalescer.Offer(bob, Message("three"));
        time.Advance(PushCoalescer.SweepEvery - TimeSpan.FromSeconds(50));
        Assert.Equal(1, coalescer.Held);

        // Swept state is no loss: her next message goes at once, as for a new subscriber.
        coalescer.Offer(carol, Message("four"));
        Assert.Equal((3L, "four", 1), sent[^1]);
        time.Advance(PushCoalescer.SweepEvery * 2);
        Assert.Equal(0, coalescer.Held);
        Assert.DoesNotContain(sent, p => p.Subscription == alice.Id && p.Text == "two");
    }

    [Fact]
    public async Task An_idle_push_service_queue_retires_only_with_nothing_queued_or_in_flight()
    {
        var answer = new TaskCompletionSource();
        var sent = 0;
        PushOrigin? retired = null;
        using var stopping = new CancellationTokenSource();
        using var origin = new PushOrigin(
            "https://push.example", new PushOptions { QueueSize = 4, ConcurrencyPerOrigin = 2 },
            job => job.Count == 0 ? null : new SealedPush(job, [], Quotes: false),
            async (_, _) =>
            {
                Interlocked.Increment(ref sent);
                await answer.Task;
            },
            o => retired = o, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, stopping.Token);

        Assert.Equal(Admission.Added, origin.TryAdd(new PushJob(Subscription(1), Message("dropped before sealing"), 0)));
        Assert.Equal(Admission.Added, origin.TryAdd(new PushJob(Subscription(1), Message("one"), 1)));
        Assert.True(await Eventually.HoldsAsync(() => Volatile.Read(ref sent) == 1));

        // A request still in flight keeps it open however long it takes.
        await AdvanceWhileAsync(PushOrigin.IdleAfter * 3, () => retired is null);
        Assert.Null(retired);
        Assert.False(origin.Pumped.IsCompleted);

        answer.SetResult();
        Assert.True(await Eventually.HoldsAsync(() =>
        {
            time.Advance(PushOrigin.IdleAfter);
            return origin.Pumped.IsCompleted;
        }));
        Assert.Same(origin, retired);
        Assert.Equal(1, sent);
        Assert.Equal(Admission.Retired, origin.TryAdd(new PushJob(Subscription(1), Message("late"), 1)));
    }

    /// <summary>Moves the fake clock on in steps while <paramref name="holds"/>, giving the pump a moment between steps.</summary>
    private async Task AdvanceWhileAsync(TimeSpan total, Func<bool> holds)
    {
        for (var moved = TimeSpan.Zero; moved < total && holds(); moved += TimeSpan.FromMinutes(1))
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(10);
        }
    }

    /// <summary>A coalescer with a 30 s interval whose queue always has room, noting each push it sends.</summary>
    private PushCoalescer Recording(List<(long Subscription, string Text, int Count)> sent) =>
        new(TimeSpan.FromSeconds(30), time, (s, m, n) =>
        {
            sent.Add((s.Id, m.Message.Text, n));
            return true;
        });

    private static PushSubscription Subscription(long id) =>
        new(id, $"Name {id}", "lobby", $"https://push.example/{id}", "p", "a", ShowText: true, DateTimeOffset.UnixEpoch);

    private ChatMessage Message(string text) => new("lobby", 1, "Quiet Otter 48213", text, text, time.GetUtcNow());

    private static ECPoint Point(string key)
    {
        var q = PushKeys.Base64Url(key)!;
        return new ECPoint { X = q[1..33], Y = q[33..] };
    }
}
