using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Rooms;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Rooms;

/// <summary>An app whose clock the tests move (past the edit window, past slow mode), with the repeat check at two.</summary>
public sealed class ScreenedApp : WhisperApp
{
    public ScreenedApp()
        : base(("Whisper:Messages:MaxRepeats", "2"))
    {
        ExtraServices = services => services.AddSingleton<TimeProvider>(Time);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
}

/// <summary>Edits and reactions pass the rules posts pass: filters that hold or mute, slow mode, the repeat check, shadow mutes.</summary>
public sealed class ScreenedChangesTests(ScreenedApp app) : IClassFixture<ScreenedApp>
{
    [Fact]
    public async Task A_held_edit_leaves_the_old_text_until_a_moderator_approves_it_even_after_the_edit_window()
    {
        using var admin = await AdminWithFilterAsync("heldeditword", "Hold");
        using var author = app.NewVisitor();
        using var reader = app.NewVisitor();
        await author.JoinAsync();
        await reader.JoinAsync();
        var sequence = await PostAsync(author, "lobby", "my plain first words");

        using var edited = await EditAsync(author, "lobby", sequence, "now with heldeditword");

        // The author sees the edit in place, as a held post is shown to its author; everyone else still reads the old text.
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var echo = (await Html.ParseAsync(edited)).GetElementById($"m-lobby-{sequence}")!;
        Assert.Equal("outerHTML", echo.GetAttribute("hx-swap-oob"));
        Assert.Equal("now with heldeditword", echo.QuerySelector(".message__body")!.TextContent);
        Assert.Equal("my plain first words", BodyOf(await reader.OpenRoomAsync(), "lobby", sequence));
        var held = (await admin.GetAsync("/admin/held")).Page.QuerySelectorAll(".held").Single(h => h.TextContent.Contains("now with heldeditword", StringComparison.Ordinal));
        Assert.Equal("Held edit", held.QuerySelector(".held__mark")!.TextContent);

        // The author asked in time: approving later still applies it, marked edited, for everyone.
        app.Time.Advance(TimeSpan.FromMinutes(30));
        using var approved = await admin.SubmitAsync("/admin/held", "/admin/held/approve", new() { ["id"] = held.QuerySelector("button[form='held-approve']")!.GetAttribute("value")! });

        Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        var page = await reader.OpenRoomAsync();
        Assert.Equal("now with heldeditword", BodyOf(page, "lobby", sequence));
        Assert.NotNull(MessageIn(page, "lobby", sequence).QuerySelector(".message__edited"));
        Assert.Single(page.MessageBodies(), b => b.Contains("heldeditword", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_held_edit_a_moderator_removes_is_dropped_and_the_message_keeps_its_text()
    {
        using var admin = await AdminWithFilterAsync("droppededitword", "Hold");
        using var author = app.NewVisitor();
        await author.JoinAsync("random");
        var sequence = await PostAsync(author, "random", "words that stay");
        using var edited = await EditAsync(author, "random", sequence, "droppededitword instead");
        var held = (await admin.GetAsync("/admin/held")).Page.QuerySelectorAll(".held").Single(h => h.TextContent.Contains("droppededitword instead", StringComparison.Ordinal));

        using var removed = await admin.SubmitAsync("/admin/held", "/admin/held/remove", new() { ["id"] = held.QuerySelector("button[form='held-remove']")!.GetAttribute("value")! });

        Assert.Equal(HttpStatusCode.SeeOther, removed.StatusCode);
        var page = await app.NewVisitor().OpenRoomAsync("random");
        Assert.Equal("words that stay", BodyOf(page, "random", sequence));
        Assert.Null(MessageIn(page, "random", sequence).QuerySelector(".message__edited"));
        Assert.DoesNotContain((await admin.GetAsync("/admin/held")).Page.QuerySelectorAll(".held"), h => h.TextContent.Contains("droppededitword", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_muting_filter_mutes_an_editor_whose_edits_and_reactions_then_show_on_their_own_page_alone()
    {
        using var admin = await AdminWithFilterAsync("muteeditword", "Mute", minutes: 30);
        using var troll = app.NewVisitor();
        using var reader = app.NewVisitor();
        var trollName = await troll.JoinAsync("tech");
        await reader.JoinAsync("tech");
        var own = await PostAsync(troll, "tech", "an innocent start");
        var theirs = await PostAsync(reader, "tech", "a line to react to");
        await using var stream = await reader.OpenStreamAsync("tech", theirs);

        using var edited = await EditAsync(troll, "tech", own, "muteeditword after all");
        var reactPage = await troll.OpenRoomAsync("tech");
        using var reacted = await troll.PostAsHtmxAsync(reactPage, "/chat/tech/reactions", new() { ["r"] = $"{theirs}:👍" });

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("muteeditword after all", (await Html.ParseAsync(edited)).GetElementById($"m-tech-{own}")!.QuerySelector(".message__body")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, reacted.StatusCode);
        var echo = (await Html.ParseAsync(reacted)).GetElementById($"m-tech-{theirs}")!;
        Assert.Equal("outerHTML", echo.GetAttribute("hx-swap-oob"));
        Assert.Equal("👍 1", echo.QuerySelector(".reactions button")!.TextContent);
        Assert.Equal($"|{trollName}|", echo.QuerySelector(".reactions button")!.GetAttribute("data-by"));

        // Nobody else sees either: not on the page, not in the room's memory, not on the stream.
        var page = await reader.OpenRoomAsync("tech");
        Assert.Equal("an innocent start", BodyOf(page, "tech", own));
        Assert.Empty(MessageIn(page, "tech", theirs).QuerySelectorAll(".reactions"));
        Assert.Null(app.Service<RoomRegistry>().Find("tech")!.Find(theirs)!.Reactions);
        var marker = await PostAsync(reader, "tech", "after the troll's attempts");
        var next = await stream.NextAsync();
        while (next.Event != "message")
        {
            Assert.NotEqual("notice", next.Event);
            next = await stream.NextAsync();
        }

        Assert.Equal(marker.ToString(CultureInfo.InvariantCulture), next.Id);
    }

    [Fact]
    public async Task Slow_mode_refuses_an_edit_saying_the_message_keeps_its_old_text()
    {
        var rooms = app.Service<RoomRegistry>();
        using var author = app.NewVisitor();
        await author.JoinAsync("random");
        await rooms.UpdateAsync(rooms.Find("random")!.Settings with { SlowModeSeconds = 60 });
        try
        {
            var sequence = await PostAsync(author, "random", "a question, badly put");
            using var tooSoon = await EditAsync(author, "random", sequence, "a question, well put");

            Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
            Assert.StartsWith("Your message keeps its old text. Slow mode is on", await tooSoon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("a question, badly put", BodyOf(await author.OpenRoomAsync("random"), "random", sequence));

            app.Time.Advance(TimeSpan.FromSeconds(61));
            using var later = await EditAsync(author, "random", sequence, "a question, well put");
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
            Assert.Equal("a question, well put", BodyOf(await author.OpenRoomAsync("random"), "random", sequence));
        }
        finally
        {
            await rooms.UpdateAsync(rooms.Find("random")!.Settings with { SlowModeSeconds = 0 });
        }
    }

    [Fact]
    public async Task The_repeat_check_counts_edits_as_it_counts_posts()
    {
        using var author = app.NewVisitor();
        await author.JoinAsync("lobby");
        var first = await PostAsync(author, "lobby", "something else");
        await PostAsync(author, "lobby", "play it again");
        await PostAsync(author, "lobby", "play it again");

        using var third = await EditAsync(author, "lobby", first, "play it again");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, third.StatusCode);
        Assert.Equal("Your message keeps its old text. You already sent that several times in a row. Say something new.", (await Html.ParseAsync(third)).QuerySelector("#composer-error")!.TextContent);
        Assert.Equal("something else", BodyOf(await author.OpenRoomAsync(), "lobby", first));
    }

    /// <summary>Sends the composer in place with the message to replace, as Edit leaves it.</summary>
    private static async Task<HttpResponseMessage> EditAsync(VisitorClient author, string room, long sequence, string text) =>
        await author.PostAsHtmxAsync(await author.OpenRoomAsync(room), $"/chat/{room}/messages", new() { ["text"] = text, ["edit"] = $"{sequence}" });

    /// <summary>Posts in place as the composer does and returns the new message's number.</summary>
    private static async Task<long> PostAsync(VisitorClient visitor, string room, string text)
    {
        using var posted = await visitor.PostMessageAsync(room, text, htmx: true);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var mine = (await visitor.OpenRoomAsync(room)).QuerySelectorAll(".message").Last(m => m.QuerySelector(".message__body")?.TextContent == text);
        return long.Parse(mine.Id![(mine.Id!.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
    }

    private static string BodyOf(IDocument page, string room, long sequence) => MessageIn(page, room, sequence).QuerySelector(".message__body")!.TextContent;

    private static IElement MessageIn(IDocument page, string room, long sequence) =>
        page.GetElementById($"m-{room}-{sequence}") ?? throw new InvalidOperationException($"Message {sequence} is not on the page.");

    private async Task<VisitorClient> AdminWithFilterAsync(string pattern, string action, int minutes = 60)
    {
        var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        using var added = await admin.SubmitAsync("/admin/filters", "/admin/filters", new()
        {
            ["pattern"] = pattern,
            ["action"] = action,
            ["muteMinutes"] = minutes.ToString(CultureInfo.InvariantCulture),
            ["sentence"] = "",
            ["room"] = "",
        });
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        return admin;
    }
}
