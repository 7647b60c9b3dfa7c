using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Whisper.Web.Talk;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Talk;

public sealed class TurnCredentialsTests(TurnCredentialsTests.App app) : IClassFixture<TurnCredentialsTests.App>
{
    private const string Secret = "relay secret that stays home";

    public sealed class App() : WhisperApp(
        ("Whisper:Talk:Turn:Urls:0", "turn:turn.example.org:3478"),
        ("Whisper:Talk:Turn:Urls:1", "turn:turn.example.org:3478?transport=tcp"),
        ("Whisper:Talk:Turn:Secret", Secret),
        ("Whisper:Talk:Turn:CredentialLifetime", "02:00:00"),
        ("Whisper:Talk:IceServers:0:Urls:0", "stun:stun.example.org:3478"));

    [Fact]
    public async Task A_call_gets_relay_credentials_of_its_own_that_coturn_can_check_and_never_the_secret()
    {
        using var alice = app.NewVisitor();
        using var bob = app.NewVisitor();
        var (_, aliceSession) = await alice.StartTalkAsync("video", "turncreds");
        var (_, bobSession) = await bob.StartTalkAsync("video", "turncreds");
        await using var aliceStream = await alice.OpenTalkAsync(aliceSession);
        await using var bobStream = await bob.OpenTalkAsync(bobSession);
        var before = DateTimeOffset.UtcNow;

        var servers = new List<JsonElement>();
        foreach (var stream in new[] { aliceStream, bobStream })
        {
            var frame = (await stream.NextAsync("status")).Data;
            Assert.DoesNotContain(Secret, frame, StringComparison.Ordinal);
            var status = (await Html.ParseAsync(frame)).QuerySelector(".talk-status")!;
            Assert.Equal("matched", status.GetAttribute("data-state"));
            using var ice = JsonDocument.Parse(status.GetAttribute("data-ice")!);
            Assert.Equal("stun:stun.example.org:3478", ice.RootElement[0].GetProperty("urls")[0].GetString());
            servers.Add(ice.RootElement[1].Clone());
        }

        foreach (var server in servers)
        {
            Assert.Equal(2, server.GetProperty("urls").GetArrayLength());
            var username = server.GetProperty("username").GetString()!;
            var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(username.Split(':')[0], CultureInfo.InvariantCulture));
            Assert.InRange(expiry - before, TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
            // What coturn computes with use-auth-secret: base64(HMAC-SHA1(static-auth-secret, username)).
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, Encoding.UTF8.GetBytes(Secret));
            hmac.AppendData(Encoding.UTF8.GetBytes(username));
            var expected = Convert.ToBase64String(hmac.GetHashAndReset());
            Assert.Equal(expected, server.GetProperty("credential").GetString());
        }

        Assert.NotEqual(servers[0].GetProperty("username").GetString(), servers[1].GetProperty("username").GetString());
    }

    [Fact]
    public async Task With_a_relay_calls_go_through_it_only_and_the_start_form_says_so()
    {
        using var visitor = app.NewVisitor();
        var (_, page) = await visitor.GetAsync("/talk");
        var (_, session) = await visitor.StartTalkAsync("voice", "relayonly");

        Assert.True(app.Service<IOptions<TalkOptions>>().Value.UsesRelayOnly);
        Assert.Contains("pass through this server's relay", page.QuerySelector(".talk-start__warning")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.NotEmpty(session);
    }

    [Theory]
    [InlineData("Whisper:Talk:Turn:Secret", "", "Whisper:Talk:Turn:Secret is required")]
    [InlineData("Whisper:Talk:Turn:Urls:0", "stun:turn.example.org", "is not a TURN URL")]
    [InlineData("Whisper:Talk:Turn:CredentialLifetime", "00:00:10", "CredentialLifetime must be between")]
    public void A_relay_configured_wrongly_stops_the_start_with_a_sentence_saying_what_is_wrong(string key, string value, string sentence)
    {
        using var wrong = new WhisperApp
        {
            Settings =
            {
                ["Whisper:Talk:Turn:Urls:0"] = "turn:turn.example.org:3478",
                ["Whisper:Talk:Turn:Secret"] = Secret,
                [key] = value,
            },
        };

        var failure = Assert.ThrowsAny<Exception>(() => wrong.Service<IHostApplicationLifetime>());

        Assert.Contains(sentence, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Relay_only_without_a_relay_stops_the_start_because_no_call_could_connect()
    {
        using var wrong = new WhisperApp { Settings = { ["Whisper:Talk:RelayOnly"] = "true" } };

        var failure = Assert.ThrowsAny<Exception>(() => wrong.Service<IHostApplicationLifetime>());

        Assert.Contains("Whisper:Talk:RelayOnly is true, but no relay is configured", failure.ToString(), StringComparison.Ordinal);
    }
}
