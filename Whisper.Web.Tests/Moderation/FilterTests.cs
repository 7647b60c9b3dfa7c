using System.Net;
using Whisper.Web.Moderation;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

/// <summary>Word and pattern filters: each action, their evasions, rooms, files, stranger lines and report excerpts.</summary>
public sealed class FilterTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Theory]
    [InlineData("get it f.r.e.e today")]
    [InlineData("get it F R E E today")]
    [InlineData("get it fr\u200Bee today")]
    [InlineData("get it \uFF26\uFF32\uFF25\uFF25 today")]
    [InlineData("get it fr\u00E9e today")]
    [InlineData("get it f\u202Eree today")]
    [InlineData("get it **f**ree today")]
    [InlineData("get it f~~r~~e`e` today")]
    public async Task A_refusing_word_filter_cannot_be_dodged_by_spacing_width_accents_hidden_characters_or_formatting(string text)
    {
        using var admin = await AdminWithFilterAsync("free", "Refuse", sentence: "No giveaways here.");
        using var poster = app.NewVisitor();
        await poster.JoinAsync();

        using var refused = await poster.PostMessageAsync("lobby", text, htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("No giveaways here.", (await Html.ParseAsync(refused)).QuerySelector(".composer__error")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(text, (await app.NewVisitor().OpenRoomAsync()).MessageBodies());
    }

    [Fact]
    public async Task A_word_filter_matches_whole_words_only()
    {
        using var admin = await AdminWithFilterAsync("ass", "Refuse");
        using var poster = app.NewVisitor();
        await poster.JoinAsync();

        using var posted = await poster.PostMessageAsync("lobby", "a classic passage", htmx: true);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("a classic passage", (await app.NewVisitor().OpenRoomAsync()).MessageBodies());
    }

    [Fact]
    public async Task A_held_message_is_seen_by_its_author_only_until_a_moderator_approves_it()
    {
        using var admin = await AdminWithFilterAsync(@"buy\s+cheap", "Hold", regex: true);
        using var author = app.NewVisitor();
        await author.JoinAsync();

        using var posted = await author.PostMessageAsync("lobby", "BUY   cheap watches", htmx: true);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("BUY   cheap watches", (await Html.ParseAsync(posted)).QuerySelector("[hx-swap-oob='beforeend:#messages'] .message__body")!.TextContent);
        Assert.DoesNotContain("BUY   cheap watches", (await app.NewVisitor().OpenRoomAsync()).MessageBodies());
        var held = (await admin.GetAsync("/admin/held")).Page.QuerySelectorAll(".held").Single(r => r.TextContent.Contains("BUY   cheap watches", StringComparison.Ordinal));
        var approve = held.QuerySelector("button[form='held-approve']")!.GetAttribute("value")!;

        using var approved = await admin.SubmitAsync("/admin/held", "/admin/held/approve", new() { ["id"] = approve });

        Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        Assert.Contains("BUY   cheap watches", (await app.NewVisitor().OpenRoomAsync()).MessageBodies());
        Assert.DoesNotContain("BUY   cheap watches", (await admin.GetAsync("/admin/held")).Page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_held_message_never_reaches_anyone()
    {
        using var admin = await AdminWithFilterAsync("sketchylink", "Hold");
        using var author = app.NewVisitor();
        await author.JoinAsync();
        await author.PostMessageAsync("lobby", "see sketchylink dot com", htmx: true);
        var held = (await admin.GetAsync("/admin/held")).Page.QuerySelectorAll(".held").Single(r => r.TextContent.Contains("sketchylink", StringComparison.Ordinal));

        using var removed = await admin.SubmitAsync("/admin/held", "/admin/held/remove", new() { ["id"] = held.QuerySelector("button[form='held-remove']")!.GetAttribute("value")! });

        Assert.Equal(HttpStatusCode.SeeOther, removed.StatusCode);
        Assert.DoesNotContain("see sketchylink dot com", (await app.NewVisitor().OpenRoomAsync()).MessageBodies());
        Assert.DoesNotContain((await admin.GetAsync("/admin/held")).Page.QuerySelectorAll(".held"), r => r.TextContent.Contains("sketchylink", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_moderator_watching_the_room_sees_a_held_message_arrive_marked_held_and_approves_it_there()
    {
        using var admin = await AdminWithFilterAsync("liveheldword", "Hold");
        await using var watching = await OpenHeldStreamAsync(admin, "lobby");
        var opening = await watching.NextAsync(HeldStreams.Event);
        Assert.DoesNotContain("liveheldword", opening.Data, StringComparison.Ordinal);
        using var author = app.NewVisitor();
        await author.JoinAsync();

        await author.PostMessageAsync("lobby", "psst liveheldword here", htmx: true);

        var arrived = await Html.ParseAsync((await watching.NextAsync(HeldStreams.Event)).Data);
        var item = arrived.QuerySelectorAll(".held").Single(h => h.TextContent.Contains("psst liveheldword here", StringComparison.Ordinal));
        Assert.Equal("Held", item.QuerySelector(".held__mark")!.TextContent);
        var view = (await admin.GetAsync("/admin/chat/lobby")).Page;
        var shown = view.QuerySelectorAll(".room__held .held").Single(h => h.TextContent.Contains("psst liveheldword here", StringComparison.Ordinal));
        var id = shown.QuerySelector("button[form='held-approve']")!.GetAttribute("value")!;
        Assert.Equal("Remove the message by " + item.QuerySelector("strong")!.TextContent, shown.QuerySelector("button[form='held-remove']")!.TextContent.Trim());

        using var approved = await admin.SubmitAsync(view, "/admin/held/approve", new() { ["id"] = id });

        Assert.Equal("/admin/chat/lobby", approved.Headers.Location?.OriginalString);
        var after = await Html.ParseAsync((await watching.NextAsync(HeldStreams.Event)).Data);
        Assert.DoesNotContain("psst liveheldword here", after.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("psst liveheldword here", (await app.NewVisitor().OpenRoomAsync()).MessageBodies());
    }

    [Fact]
    public async Task A_visitor_cannot_open_a_rooms_held_stream()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();

        using var response = await visitor.Client.GetAsync("/admin/chat/lobby/held");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("text/event-stream", response.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
    }

    private static async Task<SseReader> OpenHeldStreamAsync(VisitorClient admin, string room)
    {
        var response = await admin.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/admin/chat/{room}/held"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseReader(response);
    }

    [Fact]
    public async Task A_muting_filter_shadow_mutes_the_author_for_its_minutes()
    {
        using var admin = await AdminWithFilterAsync("trollword", "Mute", minutes: 15);
        using var troll = app.NewVisitor();
        await troll.JoinAsync();

        using var first = await troll.PostMessageAsync("lobby", "trollword!", htmx: true);
        using var next = await troll.PostMessageAsync("lobby", "an innocent line from the troll", htmx: true);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var room = (await app.NewVisitor().OpenRoomAsync()).MessageBodies();
        Assert.DoesNotContain("trollword!", room);
        Assert.DoesNotContain("an innocent line from the troll", room);
        Assert.Contains((await admin.GetAsync("/admin/audit")).Page.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains("A filter shadow-muted a name for 15 minutes", StringComparison.Ordinal) && r.TextContent.Contains("automatic", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_timed_mute_ends_by_itself()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        await using var database = TestDatabases.Create(dataPath);
        var sanctions = new Sanctions(database, new Whisper.Web.Privacy.ClientAddresses(time), SingleNode.Bus(), time, Microsoft.Extensions.Logging.Abstractions.NullLogger<Sanctions>.Instance, Words.Of<Whisper.Web.Languages.RoomsText>(), Words.Of<Whisper.Web.Languages.AdminText>());

        await sanctions.MuteForAsync("Loud Goose 12345", TimeSpan.FromMinutes(15));
        time.Advance(TimeSpan.FromMinutes(14));
        Assert.True(sanctions.IsMuted("Loud Goose 12345"));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(sanctions.IsMuted("Loud Goose 12345"));
    }

    [Fact]
    public async Task A_room_filter_applies_in_its_room_only_and_reads_file_names()
    {
        using var admin = await AdminWithFilterAsync("gadgetdeal", "Refuse", room: "tech");
        using var poster = app.NewVisitor();
        await poster.JoinAsync();

        using var lobby = await poster.PostMessageAsync("lobby", "a gadgetdeal in the lobby", htmx: true);
        using var tech = await poster.PostMessageAsync("tech", "a gadgetdeal in tech", htmx: true);
        using var file = await poster.UploadAsync("tech", [1, 2, 3], "gadgetdeal.txt");

        Assert.Equal(HttpStatusCode.OK, lobby.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tech.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, file.StatusCode);
    }

    [Fact]
    public async Task A_stranger_line_is_refused_or_withheld_and_a_report_excerpt_is_marked()
    {
        using var admin = await AdminWithFilterAsync("scamword", "Refuse", sentence: "Not that word.");
        await admin.SubmitAsync("/admin/filters", "/admin/filters", new() { ["pattern"] = "quietword", ["action"] = "Hold", ["muteMinutes"] = "60" });
        using var bob = app.NewVisitor();
        var (bobPage, bobSession) = await bob.StartTalkAsync();
        using var alice = app.NewVisitor();
        var (alicePage, aliceSession) = await alice.StartTalkAsync();
        await using var bobStream = await bob.OpenTalkAsync(bobSession);
        Assert.Equal("matched", await bobStream.NextTalkStateAsync());

        using var refused = await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "s.c.a.m.w.o.r.d" });
        using var withheld = await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "a QUIETWORD here" });
        using var clean = await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "hello there" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("Not that word.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, withheld.StatusCode);
        Assert.NotNull((await Html.ParseAsync(withheld)).QuerySelector(".talk-line--mine"));
        Assert.Contains("hello there", (await bobStream.NextAsync("line")).Data, StringComparison.Ordinal);

        await bob.PostAsHtmxAsync(bobPage, "/talk/report", new() { ["session"] = bobSession, ["reason"] = Reports.Reasons[0], ["excerpt"] = "they said ScamWord" });
        var report = (await admin.GetAsync("/admin/reports")).Page.QuerySelectorAll(".report").Single(r => r.TextContent.Contains("they said ScamWord", StringComparison.Ordinal));
        Assert.Equal("Matches the filter scamword", report.QuerySelector(".report__filter")!.TextContent);
    }

    [Fact]
    public async Task A_broken_or_runaway_regular_expression_cannot_hurt_and_the_form_says_why()
    {
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();

        using var broken = await admin.SubmitAsync("/admin/filters", "/admin/filters", new() { ["pattern"] = "(unclosed", ["isRegex"] = "true", ["action"] = "Refuse", ["muteMinutes"] = "60" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken.StatusCode);
        var page = await Html.ParseAsync(broken);
        Assert.StartsWith("That regular expression is not valid", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("(unclosed", page.QuerySelector("input[name=pattern]")!.GetAttribute("value"));
        var runaway = new CompiledFilter(new Filter(1, "(a+)+$", true, FilterAction.Refuse, null, "", 1), TimeSpan.FromMilliseconds(5));
        var text = new string('a', 40) + "!";
        Assert.False(runaway.Matches(CompiledFilter.Fold(text), CompiledFilter.Words(text)));
    }

    private async Task<VisitorClient> AdminWithFilterAsync(string pattern, string action, bool regex = false, string? sentence = null, string? room = null, int minutes = 60)
    {
        var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        var fields = new Dictionary<string, string> { ["pattern"] = pattern, ["action"] = action, ["muteMinutes"] = minutes.ToString(System.Globalization.CultureInfo.InvariantCulture), ["sentence"] = sentence ?? "", ["room"] = room ?? "" };
        if (regex)
        {
            fields["isRegex"] = "true";
        }

        if (!(await admin.GetAsync("/admin/filters")).Page.QuerySelectorAll("td code").Any(c => c.TextContent == pattern))
        {
            using var added = await admin.SubmitAsync("/admin/filters", "/admin/filters", fields);
            Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        }

        return admin;
    }
}
