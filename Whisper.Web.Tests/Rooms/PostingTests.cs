using System.Net;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Rooms;

public sealed class PostingTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task A_plain_form_post_answers_303_back_to_the_room_where_the_message_shows()
    {
        using var visitor = app.NewVisitor();
        var name = await visitor.JoinAsync();

        using var response = await visitor.PostMessageAsync("lobby", "hello without script");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var page = await visitor.OpenRoomAsync();
        var message = page.QuerySelectorAll(".message")[^1];
        Assert.Equal($"/chat/lobby#{message.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("hello without script", message.QuerySelector(".message__body")!.TextContent.Trim());
        Assert.Equal(name, message.GetAttribute("data-author"));
        Assert.Equal(name, message.QuerySelector(".message__author")!.TextContent);
        Assert.Matches(@"^m-lobby-\d+$", message.Id!);
    }

    [Fact]
    public async Task An_htmx_post_answers_with_a_fresh_empty_composer()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync("tech");

        using var response = await visitor.PostMessageAsync("tech", "hello from htmx", htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await Html.ParseAsync(response);
        var composer = fragment.QuerySelector("form#composer")!;
        Assert.Equal("", composer.QuerySelector("textarea[name=text]")!.TextContent);
        Assert.Null(fragment.QuerySelector("header.site-header"));
        Assert.Contains("hello from htmx", (await visitor.OpenRoomAsync("tech")).MessageBodies());
    }

    [Fact]
    public async Task A_message_sent_again_with_its_send_key_is_confirmed_but_posted_once()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync("tech");
        var key = (await visitor.OpenRoomAsync("tech")).QuerySelector("#composer input[name=key]")!.GetAttribute("value")!;
        var text = "sent twice, posted once " + Guid.NewGuid();

        using var first = await visitor.PostMessageAsync("tech", text, htmx: true, sendKey: key);
        using var again = await visitor.PostMessageAsync("tech", text, htmx: true, sendKey: key);
        using var plainAgain = await visitor.PostMessageAsync("tech", text, sendKey: key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var composer = (await Html.ParseAsync(again)).QuerySelector("form#composer")!;
        Assert.Equal("", composer.QuerySelector("textarea[name=text]")!.TextContent);
        Assert.NotEqual(key, composer.QuerySelector("input[name=key]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.SeeOther, plainAgain.StatusCode);
        var page = await visitor.OpenRoomAsync("tech");
        Assert.Single(page.MessageBodies(), b => b == text);
        Assert.Equal($"/chat/tech#{page.QuerySelectorAll(".message")[^1].Id}", plainAgain.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_text_changed_after_not_sent_is_a_new_message_even_with_the_same_send_key()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync("tech");
        var key = (await visitor.OpenRoomAsync("tech")).QuerySelector("#composer input[name=key]")!.GetAttribute("value")!;
        var first = "first version " + Guid.NewGuid();

        using var sent = await visitor.PostMessageAsync("tech", first, htmx: true, sendKey: key);
        using var edited = await visitor.PostMessageAsync("tech", first + ", edited", htmx: true, sendKey: key);

        var bodies = (await visitor.OpenRoomAsync("tech")).MessageBodies();
        Assert.Single(bodies, b => b == first);
        Assert.Single(bodies, b => b == first + ", edited");
    }

    [Fact]
    public async Task Every_composer_carries_a_fresh_send_key()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();

        var keys = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            keys.Add((await visitor.OpenRoomAsync()).QuerySelector("#composer input[name=key]")!.GetAttribute("value")!);
        }

        Assert.Equal(3, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task A_malformed_send_key_is_refused_with_a_sentence_and_the_text_kept()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();

        using var response = await visitor.PostMessageAsync("lobby", "kept as typed", htmx: true, sendKey: "<not a key>");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var fragment = await Html.ParseAsync(response);
        Assert.Equal("This message's send key is not valid: reload the page and send it again.", fragment.QuerySelector("#composer-error")!.TextContent.Trim());
        Assert.Equal("kept as typed", fragment.QuerySelector("textarea[name=text]")!.TextContent);
    }

    [Theory]
    [InlineData("   ", "Type a message first.")]
    [InlineData("\u0007\u001b", "Type a message first.")]
    public async Task Blank_messages_are_refused_next_to_the_composer(string text, string error)
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();

        using var response = await visitor.PostMessageAsync("lobby", text, htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var fragment = await Html.ParseAsync(response);
        Assert.Equal(error, fragment.QuerySelector("#composer-error")!.TextContent.Trim());
    }

    public static TheoryData<string, HttpStatusCode, string> UnreadableBodies => new()
    {
        { "nul \0 byte", HttpStatusCode.BadRequest, "could not be read" },
        { new string('x', 200_000), HttpStatusCode.RequestEntityTooLarge, "too large" },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task A_body_the_server_cannot_take_gets_a_sentence_and_the_room_goes_on(string text, HttpStatusCode status, string sentence)
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();

        using var response = await visitor.PostMessageAsync("lobby", text, htmx: true);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(sentence, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var next = await visitor.PostMessageAsync("lobby", "still fine", htmx: true);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Too_long_messages_are_refused_and_the_typed_text_is_kept()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();
        var text = new string('x', 2001);

        using var htmx = await visitor.PostMessageAsync("lobby", text, htmx: true);
        using var plain = await visitor.PostMessageAsync("lobby", text);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, htmx.StatusCode);
        var fragment = await Html.ParseAsync(htmx);
        Assert.Contains("limit is 2,000", fragment.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(text, fragment.QuerySelector("textarea[name=text]")!.TextContent);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
        var page = await Html.ParseAsync(plain);
        Assert.Equal(text, page.QuerySelector("textarea[name=text]")!.TextContent);
        Assert.NotNull(page.QuerySelector(".room__title"));
    }

    [Fact]
    public async Task Visitors_who_have_not_joined_cannot_post()
    {
        using var visitor = app.NewVisitor();
        var page = await visitor.OpenRoomAsync();

        using var response = await visitor.PostAsHtmxAsync(page, "/chat/lobby/messages", new() { ["text"] = "anonymous drive-by" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("anonymous drive-by", (await visitor.OpenRoomAsync()).MessageBodies());
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("\"><svg onload=alert(1)>")]
    public async Task Markup_in_messages_is_shown_as_text_never_run(string payload)
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync("random");

        await visitor.PostMessageAsync("random", payload);

        var page = await visitor.OpenRoomAsync("random");
        var body = page.QuerySelectorAll(".message__body")[^1];
        Assert.Equal(payload, body.TextContent.Trim());
        Assert.Empty(body.QuerySelectorAll("script, img, svg"));
    }

    [Fact]
    public async Task Posted_links_open_without_leaking_where_they_came_from()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync("random");

        await visitor.PostMessageAsync("random", "look at https://example.com/page");

        var link = (await visitor.OpenRoomAsync("random")).QuerySelectorAll(".message__body a")[^1];
        Assert.Equal("https://example.com/page", link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer nofollow", link.GetAttribute("rel"));
    }

    [Fact]
    public async Task Posting_to_an_unknown_room_is_a_404()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();
        var page = await visitor.OpenRoomAsync();

        using var response = await visitor.PostAsHtmxAsync(page, "/chat/nowhere/messages", new() { ["text"] = "hi" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
