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
        using var coalescer = new PushCoalescer(TimeSpan.FromSeconds(30), time, (s, m, n) =>
        {
            sent.Add((s.Id, m.Text, n));
            return true;
        });
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
            sent.Add((s.Id, m.Text, n));
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

    private static PushSubscription Subscription(long id) =>
        new(id, $"Name {id}", "lobby", $"https://push.example/{id}", "p", "a", ShowText: true, DateTimeOffset.UnixEpoch);

    private ChatMessage Message(string text) => new("lobby", 1, "Quiet Otter 48213", text, text, time.GetUtcNow());

    private static ECPoint Point(string key)
    {
        var q = PushKeys.Base64Url(key)!;
        return new ECPoint { X = q[1..33], Y = q[33..] };
    }
}
