using System.Net;
using AngleSharp.Dom;
using Whisper.Web.Talk;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Talk;

public sealed class StrangerChatTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task Two_visitors_are_paired_and_words_reach_only_the_partner()
    {
        using var alice = app.NewVisitor();
        using var bob = app.NewVisitor();
        var (alicePage, aliceSession) = await alice.StartTalkAsync();
        var (bobPage, bobSession) = await bob.StartTalkAsync();
        await using var aliceStream = await alice.OpenTalkAsync(aliceSession);
        await using var bobStream = await bob.OpenTalkAsync(bobSession);

        Assert.Equal("matched", await aliceStream.NextTalkStateAsync());
        Assert.Equal("matched", await bobStream.NextTalkStateAsync());

        using var sent = await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "hi <b>stranger</b>" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var echo = await Html.ParseAsync(sent);
        Assert.NotNull(echo.QuerySelector(".talk-line--mine"));
        var line = await Html.ParseAsync((await bobStream.NextAsync("line")).Data);
        Assert.Equal("Stranger: hi <b>stranger</b>", line.QuerySelector(".talk-line--theirs")!.TextContent.Trim());
        Assert.Null(line.QuerySelector("b"));

        // Formatting as in rooms: the quote and the code block sit inside the line, not after it.
        using var formatted = await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "> you said\n\n**yes** `no`\n```\nx\n```" });
        var formattedLine = (await Html.ParseAsync((await bobStream.NextAsync("line")).Data)).QuerySelector(".talk-line--theirs")!;
        Assert.Equal(["blockquote", "strong", "code", "pre"], formattedLine.QuerySelectorAll("blockquote, strong, code:not(pre code), pre").Select(e => e.LocalName));

        using var typing = await bob.PostAsHtmxAsync(bobPage, "/talk/typing", new() { ["session"] = bobSession });
        Assert.Equal(HttpStatusCode.NoContent, typing.StatusCode);
        Assert.Contains("typing", (await aliceStream.NextAsync("typing")).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_partner_sends_before_a_page_opens_its_stream_waits_for_it()
    {
        using var alice = app.NewVisitor();
        using var bob = app.NewVisitor();
        var (alicePage, aliceSession) = await alice.StartTalkAsync();
        await using var aliceStream = await alice.OpenTalkAsync(aliceSession);
        Assert.Equal("waiting", await aliceStream.NextTalkStateAsync());
        var (_, bobSession) = await bob.StartTalkAsync();
        Assert.Equal("matched", await aliceStream.NextTalkStateAsync());

        // Bob's page has its answer but has not opened its stream yet: Alice's call offer and first words go out now.
        using var offer = await alice.PostAsHtmxAsync(alicePage, "/talk/signal", new() { ["session"] = aliceSession, ["signal"] = "{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}" });
        using var line = await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "hello early" });
        Assert.Equal(HttpStatusCode.NoContent, offer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, line.StatusCode);

        await using var bobStream = await bob.OpenTalkAsync(bobSession);
        Assert.Equal("matched", await bobStream.NextTalkStateAsync());
        Assert.Contains("\"type\":\"offer\"", (await bobStream.NextAsync("signal")).Data, StringComparison.Ordinal);
        Assert.Contains("hello early", (await bobStream.NextAsync("line")).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_id_does_not_work_from_another_browser()
    {
        using var alice = app.NewVisitor();
        using var bob = app.NewVisitor();
        using var thief = app.NewVisitor();
        var (_, aliceSession) = await alice.StartTalkAsync();
        var (_, bobSession) = await bob.StartTalkAsync();
        await using var aliceStream = await alice.OpenTalkAsync(aliceSession);
        await using var bobStream = await bob.OpenTalkAsync(bobSession);
        Assert.Equal("matched", await aliceStream.NextTalkStateAsync());
        var (thiefPage, _) = await thief.StartTalkAsync();

        // The thief knows Alice's id, but their browser is not hers: every use of it is refused.
        using var said = await thief.PostAsHtmxAsync(thiefPage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "it is me, Alice" });
        using var skipped = await thief.PostAsHtmxAsync(thiefPage, "/talk/skip", new() { ["session"] = aliceSession });
        using var stream = await thief.Client.GetAsync($"/talk/events?session={aliceSession}", HttpCompletionOption.ResponseHeadersRead);
        using var taken = await thief.PostAsHtmxAsync(thiefPage, "/talk/queue", new() { ["adult"] = "true", ["mode"] = "text", ["session"] = aliceSession });

        Assert.Equal(HttpStatusCode.Gone, said.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, skipped.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, stream.StatusCode);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var given = (await Html.ParseAsync(taken)).QuerySelector("[data-session]")!.GetAttribute("data-session");
        Assert.NotEqual(aliceSession, given);
        using var stillHers = await alice.PostAsHtmxAsync((await alice.GetAsync("/talk")).Page, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "hello Bob" });
        Assert.Equal(HttpStatusCode.OK, stillHers.StatusCode);
        Assert.Contains("hello Bob", (await bobStream.NextAsync("line")).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skipping_tells_the_partner_and_leaving_forgets_everything()
    {
        var chat = app.Service<StrangerChat>();
        using var alice = app.NewVisitor();
        using var bob = app.NewVisitor();
        var (alicePage, aliceSession) = await alice.StartTalkAsync();
        var (_, bobSession) = await bob.StartTalkAsync();
        var aliceStream = await alice.OpenTalkAsync(aliceSession);
        var bobStream = await bob.OpenTalkAsync(bobSession);
        await aliceStream.NextTalkStateAsync();
        await bobStream.NextTalkStateAsync();

        using var skipped = await alice.PostAsHtmxAsync(alicePage, "/talk/skip", new() { ["session"] = aliceSession });

        Assert.Equal(HttpStatusCode.NoContent, skipped.StatusCode);
        Assert.Equal("left", await bobStream.NextTalkStateAsync());
        Assert.Equal("waiting", await aliceStream.NextTalkStateAsync());
        using var toNobody = await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "anyone?" });
        Assert.Equal(HttpStatusCode.Conflict, toNobody.StatusCode);

        await aliceStream.DisposeAsync();
        await bobStream.DisposeAsync();
        await Eventually.HoldsAsync(() => !chat.Holds(aliceSession) && !chat.Holds(bobSession));
        Assert.False(chat.Holds(aliceSession));
        Assert.False(chat.Holds(bobSession));
        Assert.Equal(0, Assert.IsType<LocalWaitingLine>(app.Service<IWaitingLine>()).Count);
        using var ended = await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "still there?" });
        Assert.Equal(HttpStatusCode.Gone, ended.StatusCode);
    }

    [Fact]
    public async Task A_report_reaches_the_admin_queue_with_only_the_excerpt_the_reporter_chose()
    {
        var (reporter, troll) = await PairAsync();
        await using var _ = reporter;
        await using var __ = troll;
        using var admin = app.NewVisitor();
        var (page, session, stream, trollSession, trollStream) = (reporter.Page, reporter.Session, reporter.Stream, troll.Session, troll.Stream);

        using var unchosen = await reporter.Visitor.PostAsHtmxAsync(page, "/talk/report", new() { ["session"] = session });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unchosen.StatusCode);
        using var reported = await reporter.Visitor.PostAsHtmxAsync(page, "/talk/report", new() { ["session"] = session, ["reason"] = "Seems to be a minor (under 18)", ["excerpt"] = "the nasty line" });

        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        Assert.Equal("left", await trollStream.NextTalkStateAsync());
        await admin.LogInAsAdminAsync();
        var report = (await admin.GetAsync("/admin/reports")).Page.QuerySelectorAll(".report").Single(r => r.TextContent.Contains("the nasty line", StringComparison.Ordinal));
        Assert.Contains($"Stranger {trollSession[..6]}", report.TextContent, StringComparison.Ordinal);
        Assert.Contains("stranger chat", report.TextContent, StringComparison.Ordinal);
        Assert.Contains("Seems to be a minor (under 18)", report.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_leaves_can_still_be_reported()
    {
        var (reporter, troll) = await PairAsync();
        await using var _ = reporter;
        await using var __ = troll;
        using var admin = app.NewVisitor();

        using var fled = await troll.Visitor.PostAsHtmxAsync(troll.Page, "/talk/skip", new() { ["session"] = troll.Session });
        Assert.Equal("left", await reporter.Stream.NextTalkStateAsync());
        using var reported = await reporter.Visitor.PostAsHtmxAsync(reporter.Page, "/talk/report", new() { ["session"] = reporter.Session, ["reason"] = Whisper.Web.Moderation.Reports.Reasons[1], ["excerpt"] = "what they said before running" });

        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        await admin.LogInAsAdminAsync();
        var report = (await admin.GetAsync("/admin/reports")).Page.QuerySelectorAll(".report").Single(r => r.TextContent.Contains("what they said before running", StringComparison.Ordinal));
        Assert.Contains($"Stranger {troll.Session[..6]}", report.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strangers_matched_on_a_shared_interest_are_told_which()
    {
        using var alice = app.NewVisitor();
        using var bob = app.NewVisitor();
        var (_, aliceSession) = await alice.StartTalkAsync(interests: "films, Chess");
        var (_, bobSession) = await bob.StartTalkAsync(interests: "chess, music");
        await using var aliceStream = await alice.OpenTalkAsync(aliceSession);
        await using var bobStream = await bob.OpenTalkAsync(bobSession);

        foreach (var stream in new[] { aliceStream, bobStream })
        {
            var status = (await Html.ParseAsync((await stream.NextAsync("status")).Data)).QuerySelector(".talk-status")!;
            Assert.Equal("matched", status.GetAttribute("data-state"));
            Assert.Equal("You both like chess.", status.QuerySelector(".talk-status__interest")?.TextContent);
        }
    }

    [Fact]
    public async Task Starting_needs_the_age_confirmation()
    {
        using var visitor = app.NewVisitor();
        var (_, page) = await visitor.GetAsync("/talk");

        using var refused = await visitor.PostAsHtmxAsync(page, "/talk/queue", new() { ["mode"] = "text" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("18 or older", (await Html.ParseAsync(refused)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Two visitors of this app, paired by the stranger chat, each with their stream open at "matched".</summary>
    private async Task<(Talking First, Talking Second)> PairAsync()
    {
        // Both start before either stream opens, so each stream's first state is the match.
        var (first, firstPage, firstSession) = await StartAsync();
        var (second, secondPage, secondSession) = await StartAsync();
        var pair = (new Talking(first, firstPage, firstSession, await first.OpenTalkAsync(firstSession)),
            new Talking(second, secondPage, secondSession, await second.OpenTalkAsync(secondSession)));
        Assert.Equal("matched", await pair.Item1.Stream.NextTalkStateAsync());
        Assert.Equal("matched", await pair.Item2.Stream.NextTalkStateAsync());
        return pair;
    }

    private async Task<(VisitorClient Visitor, IDocument Page, string Session)> StartAsync()
    {
        var visitor = app.NewVisitor();
        var (page, session) = await visitor.StartTalkAsync();
        return (visitor, page, session);
    }

    private sealed record Talking(VisitorClient Visitor, IDocument Page, string Session, SseReader Stream) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            Visitor.Dispose();
        }
    }
}
