using System.Net;
using AngleSharp.Dom;
using Whisper.Web.Languages;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// The rooms in the pseudo-language: every word on a room page (read, joined, answering, reacting), in a message and in
/// a refusal comes from <c>RoomsText</c>. What people typed and what the operator named (names, room titles, message
/// text) is data, taken out before the walk.
/// </summary>
public sealed class UntranslatedRoomsTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    /// <summary>Where people's names, the rooms' own titles and descriptions, and message text show.</summary>
    private const string Data = ".message__body, .message__author, .message__quote b, .message__quote span, .me__name, .me-menu__name, .person, "
        + ".room__title, .room__description, .people__about, .room-nav__link, .reaction-choice__for b, .reaction-choice__for span, .pinned__preview, "
        + ".composer__quote-author, .composer__quote-excerpt";

    [Fact]
    public async Task A_room_read_before_joining_has_only_words_from_the_resources()
    {
        using var reader = Visitor();
        AssertFromResources(await reader.OpenRoomAsync("tech"), "the room before joining");
    }

    [Fact]
    public async Task A_joined_room_with_messages_replies_reactions_and_edits_has_only_words_from_the_resources()
    {
        using var member = Visitor();
        await member.JoinAsync("random");
        await member.PostMessageAsync("random", "first");
        var page = await member.OpenRoomAsync("random");
        var first = page.LastSequence();
        await member.PostAsHtmxAsync(page, "/chat/random/reactions", new() { ["r"] = $"{first}:👍" });
        await member.PostAsHtmxAsync(page, "/chat/random/messages", new() { ["text"] = "first, edited", ["edit"] = $"{first}" });
        await member.PostAsHtmxAsync(page, "/chat/random/messages", new() { ["text"] = "an answer", ["reply"] = $"{first}" });

        AssertFromResources(await member.OpenRoomAsync("random"), "a joined room");
        AssertFromResources((await member.GetAsync($"/chat/random?reply={first}")).Page, "answering a message");
        AssertFromResources((await member.GetAsync($"/chat/random?react={first}")).Page, "choosing a reaction");
        AssertFromResources((await member.GetAsync($"/chat/random?edit={first}")).Page, "editing a message");
    }

    [Fact]
    public async Task Refusals_of_posts_reactions_and_joins_are_sentences_from_the_resources()
    {
        using var stranger = Visitor();
        var page = await stranger.OpenRoomAsync("tech");
        await AssertFragmentAsync(await stranger.PostAsHtmxAsync(page, "/chat/tech/messages", new() { ["text"] = "hi" }), HttpStatusCode.Forbidden, "posting before joining");
        using var notAccepted = await stranger.SubmitAsync(page, "/identity", new() { ["room"] = "tech" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notAccepted.StatusCode);
        AssertFromResources(await Html.ParseAsync(notAccepted), "joining without accepting the terms");

        using var member = Visitor();
        await member.JoinAsync("tech");
        page = await member.OpenRoomAsync("tech");
        await AssertFragmentAsync(await member.PostAsHtmxAsync(page, "/chat/tech/messages", new() { ["text"] = "   " }), HttpStatusCode.UnprocessableEntity, "an empty post");
        await AssertFragmentAsync(await member.PostAsHtmxAsync(page, "/chat/tech/messages", new() { ["text"] = new string('a', 2001) }), HttpStatusCode.UnprocessableEntity, "a post too long");
        await AssertFragmentAsync(await member.PostAsHtmxAsync(page, "/chat/tech/messages", new() { ["text"] = "hi", ["key"] = "not a key!" }), HttpStatusCode.UnprocessableEntity, "a malformed send key");
        await AssertFragmentAsync(await member.PostAsHtmxAsync(page, "/chat/tech/messages", new() { ["text"] = "hi", ["reply"] = "1" }), HttpStatusCode.UnprocessableEntity, "an answer to a message that left");
        await AssertFragmentAsync(await member.PostAsHtmxAsync(page, "/chat/tech/reactions", new() { ["r"] = "1:🦄" }), HttpStatusCode.UnprocessableEntity, "an emoji not offered");
    }

    private VisitorClient Visitor()
    {
        var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(Language.Pseudo);
        return visitor;
    }

    /// <summary>A refusal htmx swaps in (the composer with its sentence), or its plain sentence, walked as a page in the pseudo-language.</summary>
    private async Task AssertFragmentAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        using (response)
        {
            Assert.Equal(expected, response.StatusCode);
            var body = WebUtility.HtmlEncode(await response.Content.ReadAsStringAsync());
            var markup = response.Content.Headers.ContentType?.MediaType == "text/html" ? await response.Content.ReadAsStringAsync() : $"<p>{body}</p>";
            AssertFromResources(await Html.ParseAsync($"<!doctype html><html lang=\"{Language.Pseudo}\"><head><title>[!! !!]</title></head><body>{markup}</body></html>"), what);
        }
    }

    private void AssertFromResources(IDocument page, string what)
    {
        foreach (var data in page.QuerySelectorAll(Data).ToList())
        {
            data.Remove();
        }

        // What was typed stays in the composer; an emoji and the names that chose it are no language (their spoken name is checked).
        foreach (var typed in page.QuerySelectorAll("textarea, .reactions button, .reaction-choice__button"))
        {
            typed.TextContent = "";
            typed.RemoveAttribute("title");
        }

        // The tab's title is the room's own (data), as the operator named it.
        page.Title = "[!! !!]";
        UntranslatedTextTests.AssertAllFromResources(page, app, what);
    }
}
