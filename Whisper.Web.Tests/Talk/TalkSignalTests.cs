using System.Net;
using System.Text.Json;
using Whisper.Web.Talk;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Talk;

/// <summary>A WebRTC signal comes from another visitor's browser: only its WebRTC shapes pass, re-serialised.</summary>
public sealed class TalkSignalTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    private const string Exploit =
        """<div id="talk-typing" hx-swap-oob="beforeend"><form hx-post="/me/delete" hx-trigger="load" hx-vals='{"confirm":"true"}'></form></div>""";

    [Theory]
    [InlineData("""{"description":{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}}""")]
    [InlineData("""{"description":{"type":"answer","sdp":""}}""")]
    [InlineData("""{"candidate":{"candidate":"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"abcd"}}""")]
    [InlineData("""{"candidate":{"candidate":""}}""")]
    public void WebRTC_shapes_pass_unchanged_in_meaning(string posted)
    {
        var (json, error) = TalkSignal.Normalise(posted, Words);

        Assert.Null(error);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(posted).RootElement, JsonDocument.Parse(json!).RootElement));
        Assert.DoesNotContain('\n', json!);
    }

    [Theory]
    [InlineData(Exploit)]
    [InlineData("<title>Your session expired: log in at evil.example</title>")]
    [InlineData("""<meta http-equiv="refresh" content="0;url=https://evil.example/">""")]
    [InlineData("""{"description":{"type":"pranswer","sdp":"x"}}""")]
    [InlineData("""{"description":{"type":"offer","sdp":"x"},"html":"<b>"}""")]
    [InlineData("""{"description":{"type":"offer","sdp":"x"},"candidate":{"candidate":"y"}}""")]
    [InlineData("""{"candidate":{"candidate":"y","sdpMLineIndex":-1}}""")]
    [InlineData("""{"candidate":{"candidate":"y","extra":{"a":{"b":{"c":1}}}}}""")]
    [InlineData("""["offer"]""")]
    [InlineData("""{}""")]
    [InlineData("")]
    public void Anything_else_is_refused_with_a_sentence(string posted)
    {
        var (json, error) = TalkSignal.Normalise(posted, Words);

        Assert.Null(json);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task Markup_posted_as_a_signal_gets_422_with_a_sentence_and_never_reaches_the_partner()
    {
        var (alice, alicePage, aliceSession, aliceStream, bobStream) = await PairAsync();
        await using var _ = aliceStream;
        await using var __ = bobStream;

        using var exploit = await alice.PostAsHtmxAsync(alicePage, "/talk/signal", new() { ["session"] = aliceSession, ["signal"] = Exploit });
        using var tooLong = await alice.PostAsHtmxAsync(alicePage, "/talk/signal", new() { ["session"] = aliceSession, ["signal"] = new string('x', TalkSignal.MaxBytes + 1) });
        // A pretty-printed signal has newlines: it is read and passed on as one line (it used to be "no conversation").
        using var pretty = await alice.PostAsHtmxAsync(alicePage, "/talk/signal", new() { ["session"] = aliceSession, ["signal"] = "{\n  \"candidate\": {\"candidate\": \"c\"}\n}" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, exploit.StatusCode);
        Assert.Equal("This signal is not valid JSON of a WebRTC offer, answer or ICE candidate.", await exploit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
        Assert.Equal("This signal is too long: at most 16 KB.", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, pretty.StatusCode);
        Assert.Equal("""{"candidate":{"candidate":"c"}}""", (await bobStream.NextAsync("signal")).Data);
    }

    private Microsoft.Extensions.Localization.IStringLocalizer<Whisper.Web.Languages.TalkText> Words => app.Service<Microsoft.Extensions.Localization.IStringLocalizer<Whisper.Web.Languages.TalkText>>();

    private async Task<(VisitorClient Alice, AngleSharp.Dom.IDocument AlicePage, string AliceSession, SseReader AliceStream, SseReader BobStream)> PairAsync()
    {
        var alice = app.NewVisitor();
        var bob = app.NewVisitor();
        var (alicePage, aliceSession) = await alice.StartTalkAsync();
        var (_, bobSession) = await bob.StartTalkAsync();
        var aliceStream = await alice.OpenTalkAsync(aliceSession);
        var bobStream = await bob.OpenTalkAsync(bobSession);
        Assert.Equal("matched", await aliceStream.NextTalkStateAsync());
        Assert.Equal("matched", await bobStream.NextTalkStateAsync());
        return (alice, alicePage, aliceSession, aliceStream, bobStream);
    }
}
