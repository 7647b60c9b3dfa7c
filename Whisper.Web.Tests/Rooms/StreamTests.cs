using System.Globalization;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Rooms;

public sealed class StreamTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task A_message_posted_by_one_visitor_reaches_every_open_stream()
    {
        using var poster = app.NewVisitor();
        using var reader = app.NewVisitor();
        var name = await poster.JoinAsync("tech");
        var after = (await reader.OpenRoomAsync("tech")).LastSequence();
        await using var stream = await reader.OpenStreamAsync("tech", after);
        await using var second = await poster.OpenStreamAsync("tech", after);

        await poster.PostMessageAsync("tech", "live hello", htmx: true);

        foreach (var open in new[] { stream, second })
        {
            var received = await open.NextAsync("message");
            var fragment = await Html.ParseAsync(received.Data);
            var message = fragment.QuerySelector("article.message")!;
            Assert.Equal("live hello", message.QuerySelector(".message__body")!.TextContent.Trim());
            Assert.Equal(name, message.GetAttribute("data-author"));
            Assert.Equal($"m-tech-{received.Id}", message.Id);
        }

        Assert.Equal("text/event-stream; charset=utf-8", stream.Response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task The_stream_carries_a_message_without_its_buttons_and_the_page_and_the_reloaded_list_carry_them()
    {
        using var poster = app.NewVisitor();
        using var reader = app.NewVisitor();
        var name = await poster.JoinAsync("tech");
        var after = (await reader.OpenRoomAsync("tech")).LastSequence();
        await using var stream = await reader.OpenStreamAsync("tech", after);

        await poster.PostMessageAsync("tech", "hello there, how are you?", htmx: true);

        var received = await stream.NextAsync("message");
        var live = (await Html.ParseAsync(received.Data)).QuerySelector("article.message")!;
        Assert.Equal("hello there, how are you?", live.QuerySelector(".message__body")!.TextContent);
        Assert.Null(live.QuerySelector(".message__actions"));
        Assert.Empty(live.QuerySelectorAll("button, a[href^='/admin']"));

        // The page (which works without script) and the list a page reloads both have them, numbered for the message,
        // and the page holds the template its script numbers for each message that comes by the stream.
        var page = await reader.OpenRoomAsync("tech");
        var (_, reloaded) = await reader.GetAsync("/chat/tech/messages");
        foreach (var shown in new[] { page, reloaded })
        {
            var actions = shown.GetElementById($"m-tech-{received.Id}")!.QuerySelector(":scope > .message__actions")!;
            Assert.Equal(["Reply", "React", "Edit", "Report", "Delete"], actions.QuerySelectorAll("button").Select(b => b.TextContent));
            Assert.All(actions.QuerySelectorAll("button"), b => Assert.Equal(received.Id, b.GetAttribute("value")));
            Assert.Equal("/admin/bans/new?name=" + Uri.EscapeDataString(name), actions.QuerySelector("a")!.GetAttribute("href"));
        }

        var template = (AngleSharp.Html.Dom.IHtmlTemplateElement)page.GetElementById("message-actions-template")!;
        Assert.Equal(["Reply", "React", "Edit", "Report", "Delete"], template.Content.QuerySelectorAll(".message__actions > button").Select(b => b.TextContent));
    }

    [Fact]
    public async Task A_formatted_message_reaches_another_reader_as_its_elements_and_no_other_markup()
    {
        using var poster = app.NewVisitor();
        using var reader = app.NewVisitor();
        await poster.JoinAsync("random");
        var after = (await reader.OpenRoomAsync("random")).LastSequence();
        await using var stream = await reader.OpenStreamAsync("random", after);

        await poster.PostMessageAsync("random", "> is it **safe**?\n\nyes: `<b>` stays ~~markup~~ text\n```\n<script>alert(1)</script>\n```\n[docs](https://example.com/docs) ![x](https://example.com/x.png)", htmx: true);

        var body = (await Html.ParseAsync((await stream.NextAsync("message")).Data)).QuerySelector(".message__body")!;
        Assert.Equal("safe", body.QuerySelector("blockquote strong")!.TextContent);
        Assert.Equal("<b>", body.QuerySelector(":scope > code")!.TextContent);
        Assert.Equal("markup", body.QuerySelector("del")!.TextContent);
        Assert.Equal("<script>alert(1)</script>", body.QuerySelector("pre > code")!.TextContent);
        Assert.Equal("https://example.com/docs", body.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("noopener noreferrer nofollow", body.QuerySelector("a")!.GetAttribute("rel"));
        Assert.Empty(body.QuerySelectorAll("b, script, img"));
        Assert.Contains("![x](https://example.com/x.png)", body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_replays_what_was_posted_after_the_last_event_id()
    {
        using var poster = app.NewVisitor();
        await poster.JoinAsync("random");
        var before = (await poster.OpenRoomAsync("random")).LastSequence();
        await poster.PostMessageAsync("random", "first while away");
        await poster.PostMessageAsync("random", "second while away");

        await using var resumed = await poster.OpenStreamAsync("random", after: 1, lastEventId: before);

        Assert.Equal("first while away", await BodyOf(await resumed.NextAsync("message")));
        Assert.Equal("second while away", await BodyOf(await resumed.NextAsync("message")));
    }

    [Fact]
    public async Task The_first_connect_resumes_from_the_id_in_the_page_so_nothing_posted_meanwhile_is_lost()
    {
        using var poster = app.NewVisitor();
        using var reader = app.NewVisitor();
        await poster.JoinAsync();
        var rendered = (await reader.OpenRoomAsync()).LastSequence();
        await poster.PostMessageAsync("lobby", "posted between render and connect");

        await using var stream = await reader.OpenStreamAsync("lobby", after: rendered);

        Assert.Equal("posted between render and connect", await BodyOf(await stream.NextAsync("message")));
    }

    [Fact]
    public async Task A_page_from_before_a_restart_is_told_to_reload_its_list()
    {
        using var reader = app.NewVisitor();
        var page = await reader.OpenRoomAsync();
        var stale = page.LastSequence() - 86_400_000;

        await using var stream = await reader.OpenStreamAsync("lobby", after: stale);

        Assert.Equal("reload", (await stream.NextAsync()).Event);
        Assert.NotNull(page.QuerySelector("[hx-trigger='sse:reload'][hx-get='/chat/lobby/messages']"));
    }

    [Fact]
    public async Task The_list_alone_is_served_for_a_page_that_reloads_it()
    {
        using var poster = app.NewVisitor();
        await poster.JoinAsync("tech");
        await poster.PostMessageAsync("tech", "in the reloaded list");

        var list = await Html.ParseAsync(await poster.Client.GetStringAsync("/chat/tech/messages"));

        var log = list.QuerySelector("#messages[role=log]")!;
        Assert.Contains("in the reloaded list", list.MessageBodies());
        Assert.Null(list.QuerySelector("header.site-header"));
        Assert.Equal((await poster.OpenRoomAsync("tech")).LastSequence(), long.Parse(log.GetAttribute("data-last-seq")!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_stream_reports_how_many_people_are_online()
    {
        using var reader = app.NewVisitor();
        await reader.JoinAsync("tech");
        await using var stream = await reader.OpenStreamAsync("tech", (await reader.OpenRoomAsync("tech")).LastSequence());

        var presence = await stream.NextAsync("presence", TimeSpan.FromSeconds(5));

        var count = int.Parse((await Html.ParseAsync(presence.Data)).QuerySelector(".presence__count")!.TextContent, CultureInfo.InvariantCulture);
        Assert.True(count >= 1);
    }

    [Fact]
    public async Task A_malformed_resume_id_is_a_400()
    {
        using var reader = app.NewVisitor();

        using var response = await reader.Client.GetAsync("/chat/lobby/events?after=yesterday");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_stream_for_an_unknown_room_is_a_404()
    {
        using var reader = app.NewVisitor();

        using var response = await reader.Client.GetAsync("/chat/nowhere/events");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<string> BodyOf(SseEvent message) =>
        (await Html.ParseAsync(message.Data)).QuerySelector(".message__body")!.TextContent.Trim();
}
