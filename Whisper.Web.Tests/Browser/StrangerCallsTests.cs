using System.Text.Json;
using Microsoft.Playwright;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Browser;

/// <summary>How calls travel: through a real TURN relay when one is configured, and what both sides see when none can connect.</summary>
[Collection(BrowserTests.Name)]
public sealed class StrangerCallsTests(BrowserFixture browsers)
{
    /// <summary>Keeps each page's RTCPeerConnection within reach, so a test can read its statistics.</summary>
    private const string KeepPeerConnections = """
        window.__peers = [];
        window.RTCPeerConnection = class extends window.RTCPeerConnection {
          constructor(...args) {
            super(...args);
            window.__peers.push(this);
          }
        };
        """;

    [TurnFact]
    public async Task Through_coturn_on_loopback_a_relay_only_video_call_connects_over_a_relay_candidate_pair()
    {
        await using var app = new WhisperApp
        {
            Settings =
            {
                ["Whisper:Talk:Turn:Urls:0"] = $"turn:{TurnFactAttribute.Server}?transport=udp",
                ["Whisper:Talk:Turn:Secret"] = TurnFactAttribute.Secret,
            },
        };
        var server = app.StartOnLoopback();
        await using var alice = await browsers.NewPersonAsync(server: server);
        await using var bob = await browsers.NewPersonAsync(server: server, width: 390, height: 844, colorScheme: "dark");
        foreach (var person in new[] { alice, bob })
        {
            await person.Context.AddInitScriptAsync(KeepPeerConnections);
            await person.OpenAsync("/talk");
            await Assertions.Expect(person.Page.GetByText("Voice and video pass through this server's relay")).ToBeVisibleAsync();
            await person.StartTalkAsync("Video", "relayed");
        }

        foreach (var person in new[] { alice, bob })
        {
            await Assertions.Expect(person.Page.Locator(".talk")).ToHaveAttributeAsync("data-call", "connected", new() { Timeout = 30_000 });
            // The statistics may name the selected pair a moment after the connection says "connected": ask until they do.
            // (Evaluate awaits the async function; a predicate for WaitForFunction would be a promise, truthy at once.)
            var pair = default(JsonElement);
            Assert.True(await Eventually.HoldsAsync(async () =>
            {
                pair = await person.Page.EvaluateAsync<JsonElement>("""
                    async () => {
                      const peer = window.__peers.at(-1);
                      const stats = [...(await peer.getStats()).values()];
                      const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
                      const selected = transport && stats.find((s) => s.id === transport.selectedCandidatePairId && s.state === 'succeeded');
                      const type = (id) => stats.find((s) => s.id === id)?.candidateType;
                      return selected ? { policy: peer.getConfiguration().iceTransportPolicy, local: type(selected.localCandidateId), remote: type(selected.remoteCandidateId), state: selected.state } : null;
                    }
                    """);
                return pair.ValueKind == JsonValueKind.Object;
            }, attempts: 100), "no succeeded candidate pair in the call's statistics");
            Assert.Equal("relay", pair.GetProperty("policy").GetString());
            Assert.Equal("succeeded", pair.GetProperty("state").GetString());
            Assert.Equal("relay", pair.GetProperty("local").GetString());
            Assert.Equal("relay", pair.GetProperty("remote").GetString());
            Assert.DoesNotContain(TurnFactAttribute.Secret, await person.Page.ContentAsync(), StringComparison.Ordinal);
        }

        await bob.ScreenshotAsync("talk-video-relayed-phone-dark");
    }

    [Fact]
    public async Task A_call_that_cannot_connect_is_called_off_on_both_sides_and_the_text_chat_goes_on()
    {
        // Relay only, and the relay does not answer (nothing listens on the discard port): no candidate can ever pair.
        await using var app = new WhisperApp
        {
            Settings =
            {
                ["Whisper:Talk:Turn:Urls:0"] = "turn:127.0.0.1:9?transport=udp",
                ["Whisper:Talk:Turn:Secret"] = "nobody-answers",
                ["Whisper:Talk:CallTimeoutSeconds"] = "3",
            },
        };
        var server = app.StartOnLoopback();
        await using var alice = await browsers.NewPersonAsync(server: server, width: 1366, height: 900);
        await using var bob = await browsers.NewPersonAsync(server: server, width: 390, height: 844, colorScheme: "dark");
        foreach (var person in new[] { alice, bob })
        {
            await person.StartTalkAsync("Video", "unreachable");
        }

        foreach (var person in new[] { alice, bob })
        {
            await person.ExpectTalkStateAsync("matched");
            await person.ExpectInViewportAsync(person.Page.GetByText("The call could not connect, so it is off. You can keep chatting by text here."), "the failed call's sentence");
            await Assertions.Expect(person.Page.Locator("video[aria-label='The stranger']")).ToBeHiddenAsync();
        }

        await alice.TalkComposer.FillAsync("No picture, but words still work");
        await alice.TalkComposer.PressAsync("Enter");
        await Assertions.Expect(bob.Page.Locator(".talk-line--theirs")).ToContainTextAsync("No picture, but words still work");
        await alice.ScreenshotAsync("talk-call-failed-desktop-light");
        await bob.ScreenshotAsync("talk-call-failed-phone-dark");
        Assert.Empty(await bob.AccessibilityProblemsAsync());
    }
}

/// <summary>A test that needs a coturn: runs when WHISPER_TEST_TURN names one (test.sh starts it), skipped otherwise.</summary>
public sealed class TurnFactAttribute : FactAttribute
{
    /// <summary>host:port of a coturn started with <c>use-auth-secret</c> and <see cref="Secret"/>.</summary>
    public static string? Server => Environment.GetEnvironmentVariable("WHISPER_TEST_TURN") is { Length: > 0 } server ? server : null;

    public static string Secret => Environment.GetEnvironmentVariable("WHISPER_TEST_TURN_SECRET") ?? "";

    public TurnFactAttribute()
    {
        if (Server is null || Secret.Length == 0)
        {
            Skip = "Needs WHISPER_TEST_TURN and WHISPER_TEST_TURN_SECRET: a coturn on loopback (./test.sh starts one).";
        }
    }
}
