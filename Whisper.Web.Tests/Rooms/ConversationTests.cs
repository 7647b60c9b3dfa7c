using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Whisper.Web.Rooms;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Rooms;

/// <summary>Replies, reactions, deleting and editing one's own message, as people without script do them, and as streams see them.</summary>
public sealed class ConversationTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task A_reply_made_without_script_quotes_the_original_and_links_to_it()
    {
        using var asker = app.NewVisitor();
        using var answerer = app.NewVisitor();
        var askerName = await asker.JoinAsync("tech");
        await answerer.JoinAsync("tech");
        var original = await PostAsync(asker, "tech", "Which editor do you use?");

        // The message's Reply button asks for the room page with the composer answering it.
        var page = await answerer.OpenRoomAsync("tech");
        var button = MessageIn(page, "tech", original).QuerySelector("button[form=act][name=reply]")!;
        Assert.Equal(original.ToString(CultureInfo.InvariantCulture), button.GetAttribute("value"));
        var (_, replying) = await answerer.GetAsync($"/chat/tech?reply={original}");
        var context = replying.QuerySelector(".composer__context")!;
        Assert.False(context.HasAttribute("hidden"));
        Assert.Contains(askerName, context.TextContent, StringComparison.Ordinal);
        Assert.Contains("Which editor", context.TextContent, StringComparison.Ordinal);

        using var sent = await answerer.SubmitAsync(replying, "/chat/tech/messages", new() { ["text"] = "A plain one" });

        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        var after = await asker.OpenRoomAsync("tech");
        var reply = after.QuerySelectorAll(".message").Single(m => m.QuerySelector(".message__body")?.TextContent == "A plain one");
        var quote = reply.QuerySelector("a.message__quote")!;
        Assert.Equal($"#m-tech-{original}", quote.GetAttribute("href"));
        Assert.Equal(askerName, quote.QuerySelector("b")!.TextContent);
        Assert.Contains("Which editor do you use?", quote.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_composers_preview_of_an_answer_is_the_quote_the_answer_carries_cut_the_same_way()
    {
        using var asker = app.NewVisitor();
        using var answerer = app.NewVisitor();
        var askerName = await asker.JoinAsync("tech");
        await answerer.JoinAsync("tech");
        // Formatting marks, a line break and emoji with skin tones across the cut: the preview must not differ from the quote.
        var text = "**Which** _openings_ do you play?\n" + string.Concat(Enumerable.Repeat("e4 e5 👍🏽 ", 12));
        using var posted = await asker.PostMessageAsync("tech", text, htmx: true);
        var mine = (await asker.OpenRoomAsync("tech")).QuerySelectorAll($".message[data-author='{askerName}']");
        var shown = mine[^1];
        var original = long.Parse(shown.Id![(shown.Id!.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);

        using var preview = await answerer.Client.GetAsync($"/chat/tech/messages/{original}/quote");
        using var gone = await answerer.Client.GetAsync("/chat/tech/messages/12345/quote");
        var quote = System.Text.Json.JsonDocument.Parse(await preview.Content.ReadAsStringAsync()).RootElement;
        var answer = await PostAsync(answerer, "tech", "The Sicilian", reply: original);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(askerName, quote.GetProperty("author").GetString());
        var excerpt = quote.GetProperty("excerpt").GetString()!;
        Assert.StartsWith("Which openings do you play? e4 e5 👍🏽", excerpt, StringComparison.Ordinal);
        Assert.EndsWith("…", excerpt, StringComparison.Ordinal);
        var sent = MessageIn(await asker.OpenRoomAsync("tech"), "tech", answer).QuerySelector("a.message__quote")!;
        Assert.Equal($"{askerName} {excerpt}", sent.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("The message you are answering is no longer in the room.", await gone.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Answering_a_message_that_is_no_longer_in_the_room_is_refused_with_a_sentence_and_the_text_kept()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync("random");
        var page = await visitor.OpenRoomAsync("random");

        using var refused = await visitor.PostAsHtmxAsync(page, "/chat/random/messages", new() { ["text"] = "my answer", ["reply"] = "12345" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var composer = await Html.ParseAsync(refused);
        Assert.Contains("no longer in the room", composer.QuerySelector("#composer-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("my answer", composer.QuerySelector("#composer-text")!.TextContent);
        Assert.DoesNotContain("my answer", (await visitor.OpenRoomAsync("random")).MessageBodies());
    }

    [Fact]
    public async Task Reactions_made_without_script_count_each_name_once_and_a_second_press_takes_one_back()
    {
        using var author = app.NewVisitor();
        using var fan = app.NewVisitor();
        var authorName = await author.JoinAsync();
        var fanName = await fan.JoinAsync();
        var sequence = await PostAsync(author, "lobby", "I passed the exam");

        // React opens the room page with the six reactions for that message, one form with a button each.
        var (_, choosing) = await fan.GetAsync($"/chat/lobby?react={sequence}");
        var choices = choosing.QuerySelectorAll(".reaction-choice button[name=r]").Select(b => b.GetAttribute("value")).ToList();
        Assert.Equal(["👍", "❤️", "😂", "😮", "😢", "🙏"], choices.Select(v => v![(v!.IndexOf(':', StringComparison.Ordinal) + 1)..]));
        Assert.All(choices, v => Assert.StartsWith($"{sequence}:", v, StringComparison.Ordinal));

        using var first = await fan.SubmitAsync(choosing, "/chat/lobby/reactions", new() { ["r"] = $"{sequence}:🙏" });
        using var second = await author.SubmitAsync(await author.OpenRoomAsync(), "/chat/lobby/reactions", new() { ["r"] = $"{sequence}:🙏" });

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal($"/chat/lobby#m-lobby-{sequence}", first.Headers.Location!.OriginalString);
        var shown = MessageIn(await fan.OpenRoomAsync(), "lobby", sequence).QuerySelector(".reactions button")!;
        Assert.Equal("🙏 2", shown.TextContent);
        Assert.Equal($"|{fanName}|{authorName}|", shown.GetAttribute("data-by"));
        Assert.Equal($"{fanName}, {authorName}", shown.GetAttribute("title"));

        // The count's own button sends the same reaction again: taken back.
        using var again = await fan.SubmitAsync(await fan.OpenRoomAsync(), "/chat/lobby/reactions", new() { ["r"] = $"{sequence}:🙏" });
        shown = MessageIn(await fan.OpenRoomAsync(), "lobby", sequence).QuerySelector(".reactions button")!;
        Assert.Equal("🙏 1", shown.TextContent);
        Assert.Equal($"|{authorName}|", shown.GetAttribute("data-by"));
    }

    [Fact]
    public async Task A_reaction_outside_the_offered_set_is_refused_with_a_sentence()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();
        var sequence = await PostAsync(visitor, "lobby", "react to me");
        var page = await visitor.OpenRoomAsync();

        using var refused = await visitor.PostAsHtmxAsync(page, "/chat/lobby/reactions", new() { ["r"] = $"{sequence}:<b>" });
        using var nothing = await visitor.PostAsHtmxAsync(page, "/chat/lobby/reactions", new() { ["r"] = "1:👍" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.StartsWith("Choose one of the offered reactions", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, nothing.StatusCode);
        Assert.Empty(MessageIn(await visitor.OpenRoomAsync(), "lobby", sequence).QuerySelectorAll(".reactions"));
    }

    [Fact]
    public async Task Deleting_ones_own_message_without_script_takes_it_and_its_words_in_answers_out_of_every_page()
    {
        using var author = app.NewVisitor();
        using var other = app.NewVisitor();
        await author.JoinAsync("random");
        await other.JoinAsync("random");
        var sequence = await PostAsync(author, "random", "words I regret");
        var page = await other.OpenRoomAsync("random");
        var (_, replying) = await other.GetAsync($"/chat/random?reply={sequence}");
        using var answered = await other.SubmitAsync(replying, "/chat/random/messages", new() { ["text"] = "quoting you" });
        await using var stream = await other.OpenStreamAsync("random", (await other.OpenRoomAsync("random")).LastSequence());

        // Someone else's message is not theirs to delete.
        using var notTheirs = await other.SubmitAsync(page, "/chat/random/deletions", new() { ["seq"] = sequence.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Contains("no longer in the room", (await Html.ParseAsync(notTheirs)).QuerySelector("#composer-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("words I regret", (await other.OpenRoomAsync("random")).MessageBodies());

        using var deleted = await author.SubmitAsync(await author.OpenRoomAsync("random"), "/chat/random/deletions", new() { ["seq"] = sequence.ToString(CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.SeeOther, deleted.StatusCode);
        var notice = await stream.NextAsync("notice");
        Assert.Contains($"id=\"m-random-{sequence}\" hx-swap-oob=\"delete\"", notice.Data, StringComparison.Ordinal);
        Assert.DoesNotContain("words I regret", notice.Data, StringComparison.Ordinal);
        var now = await other.OpenRoomAsync("random");
        Assert.DoesNotContain("words I regret", now.Body!.OuterHtml, StringComparison.Ordinal);
        var answer = now.QuerySelectorAll(".message").Single(m => m.QuerySelector(".message__body")?.TextContent == "quoting you");
        Assert.NotNull(answer.QuerySelector(".message__quote--gone"));
    }

    [Fact]
    public async Task Deleting_ones_own_message_takes_its_file_too()
    {
        using var author = app.NewVisitor();
        await author.JoinAsync();
        using var uploaded = await author.UploadAsync("lobby", "plain words"u8.ToArray(), "notes.txt", "my notes");
        var page = await author.OpenRoomAsync();
        var message = page.QuerySelectorAll(".message").Single(m => m.QuerySelector(".message__body")?.TextContent == "my notes");
        var file = message.QuerySelector(".attachment a")!.GetAttribute("href")!;
        using (var before = await author.Client.GetAsync(file))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var deleted = await author.PostAsHtmxAsync(page, "/chat/lobby/deletions", new() { ["seq"] = message.Id![(message.Id!.LastIndexOf('-') + 1)..] });

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var after = await author.Client.GetAsync(file);
            return after.StatusCode == HttpStatusCode.NotFound;
        }), "the deleted message's file is still served");
    }

    [Fact]
    public async Task Editing_ones_own_message_replaces_its_text_everywhere_marked_edited_and_keeps_the_old_text_nowhere()
    {
        using var author = app.NewVisitor();
        using var other = app.NewVisitor();
        await author.JoinAsync("tech");
        await other.JoinAsync("tech");
        var before = (await other.OpenRoomAsync("tech")).LastSequence();
        var sequence = await PostAsync(author, "tech", "teh first version");
        await using var stream = await other.OpenStreamAsync("tech", sequence);

        // Edit without script: the room page with the composer holding the text, then the composer's form.
        var (_, editing) = await author.GetAsync($"/chat/tech?edit={sequence}");
        Assert.Equal("teh first version", editing.QuerySelector("#composer-text")!.TextContent);
        Assert.Equal(sequence.ToString(CultureInfo.InvariantCulture), editing.QuerySelector("#composer input[name=edit]")!.GetAttribute("value"));
        using var notTheirs = await other.PostAsHtmxAsync(await other.OpenRoomAsync("tech"), "/chat/tech/messages", new() { ["text"] = "hijacked", ["edit"] = $"{sequence}" });
        using var edited = await author.SubmitAsync(editing, "/chat/tech/messages", new() { ["text"] = "the second version" });

        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, edited.StatusCode);
        var notice = await stream.NextAsync("notice");
        Assert.Contains("the second version", notice.Data, StringComparison.Ordinal);
        Assert.Contains("hx-swap-oob=\"outerHTML\"", notice.Data, StringComparison.Ordinal);
        var shown = MessageIn(await other.OpenRoomAsync("tech"), "tech", sequence);
        Assert.Equal("the second version", shown.QuerySelector(".message__body")!.TextContent);
        Assert.NotNull(shown.QuerySelector(".message__edited"));
        // Not in the page, not in a replay from before it was posted, not in the room's memory.
        Assert.DoesNotContain("teh first version", (await other.OpenRoomAsync("tech")).Body!.OuterHtml, StringComparison.Ordinal);
        await using var replay = await other.OpenStreamAsync("tech", lastEventId: before);
        Assert.Contains("the second version", (await replay.NextAsync("message")).Data, StringComparison.Ordinal);
        Assert.Equal("the second version", app.Service<Whisper.Web.Rooms.RoomRegistry>().Find("tech")!.Find(sequence)!.Text);
        Assert.Equal(1, (await other.OpenRoomAsync("tech")).MessageBodies().Count(b => b.Contains("version", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_author_alone_gets_the_text_to_edit_as_it_was_typed()
    {
        using var author = app.NewVisitor();
        using var other = app.NewVisitor();
        await author.JoinAsync();
        await other.JoinAsync();
        var sequence = await PostAsync(author, "lobby", "see https://example.org <b>");

        using var own = await author.Client.GetAsync($"/chat/lobby/messages/{sequence}/text");
        using var notOwn = await other.Client.GetAsync($"/chat/lobby/messages/{sequence}/text");

        Assert.Equal("see https://example.org <b>", await own.Content.ReadAsStringAsync());
        Assert.Equal("text/plain; charset=utf-8", own.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, notOwn.StatusCode);
    }

    [Fact]
    public async Task A_stream_resumed_after_each_kind_of_change_gets_exactly_what_followed()
    {
        using var author = app.NewVisitor();
        using var fan = app.NewVisitor();
        await author.JoinAsync("random");
        await fan.JoinAsync("random");
        var start = (await fan.OpenRoomAsync("random")).LastSequence();
        await using var live = await fan.OpenStreamAsync("random", start);
        var original = await PostAsync(author, "random", "count on me");
        var ids = new List<long> { Id(await live.NextAsync("message")) };
        await PostAsync(fan, "random", "answering", reply: original);
        ids.Add(Id(await live.NextAsync("message")));
        await fan.PostAsHtmxAsync(await fan.OpenRoomAsync("random"), "/chat/random/reactions", new() { ["r"] = $"{original}:😮" });
        ids.Add(Id(await live.NextAsync("notice")));
        await author.PostAsHtmxAsync(await author.OpenRoomAsync("random"), "/chat/random/messages", new() { ["text"] = "count on me, edited", ["edit"] = $"{original}" });
        ids.Add(Id(await live.NextAsync("notice")));
        await author.PostAsHtmxAsync(await author.OpenRoomAsync("random"), "/chat/random/deletions", new() { ["seq"] = $"{original}" });
        ids.Add(Id(await live.NextAsync("notice")));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => original + i), ids);

        // After the post: the answer as it is now, then the deletion and the answer's emptied quote. The reaction and
        // the edit are not replayed: they changed a message that is gone, and its words are kept nowhere.
        await using (var resumed = await fan.OpenStreamAsync("random", lastEventId: ids[0]))
        {
            var answer = await resumed.NextAsync("message");
            Assert.Contains("answering", answer.Data, StringComparison.Ordinal);
            await AssertDeletionReplayedAsync(resumed);
        }

        // After the reaction: the same two notices, numbered as the deletion.
        await using (var resumed = await fan.OpenStreamAsync("random", lastEventId: ids[2]))
        {
            await AssertDeletionReplayedAsync(resumed);
        }

        async Task AssertDeletionReplayedAsync(SseReader resumed)
        {
            SseEvent[] notices = [await resumed.NextAsync("notice"), await resumed.NextAsync("notice")];
            Assert.All(notices, n => Assert.Equal(ids[4].ToString(CultureInfo.InvariantCulture), n.Id));
            var replayed = notices[0].Data + notices[1].Data;
            Assert.Contains("hx-swap-oob=\"delete\"", replayed, StringComparison.Ordinal);
            Assert.Contains("message__quote--gone", replayed, StringComparison.Ordinal);
            Assert.DoesNotContain("count on me", replayed, StringComparison.Ordinal);
        }

        // From before everything: the answer as it is now (its original gone), then the notices; the original not at all.
        await using (var resumed = await fan.OpenStreamAsync("random", lastEventId: start))
        {
            var answer = await resumed.NextAsync("message");
            Assert.Equal(ids[1].ToString(CultureInfo.InvariantCulture), answer.Id);
            Assert.Contains("message__quote--gone", answer.Data, StringComparison.Ordinal);
            Assert.DoesNotContain("count on me", answer.Data, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_message_with_every_emoji_full_of_names_stays_a_bounded_fragment_with_short_titles()
    {
        var names = Enumerable.Range(0, Reaction.MaxNames).Select(i => $"Quiet Otter {10000 + i}").ToArray();
        var message = new ChatMessage("lobby", 42, "Deep Whale 96163", "hello", "hello", DateTimeOffset.UnixEpoch)
        {
            Reactions = [.. Reaction.Offered.Select(emoji => new Reaction(emoji, names))],
        };
        var fragments = app.Services.GetRequiredService<MessageFragments>();

        var oneEmoji = await fragments.RenderAsync(message with { Reactions = [message.Reactions[0]] });
        var everyEmoji = await fragments.RenderAsync(message);

        // Measured: about 4 KB with one emoji chosen by 200 names, about 23 KB with all six (names of 17 characters).
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(oneEmoji), 3_000, 5_000);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(everyEmoji), 18_000, 28_000);
        var button = (await Html.ParseAsync(oneEmoji)).QuerySelector(".reactions button")!;
        Assert.Equal("Quiet Otter 10000, Quiet Otter 10001, Quiet Otter 10002, Quiet Otter 10003, Quiet Otter 10004, …", button.GetAttribute("title"));
        Assert.Equal(Reaction.MaxNames + 1, button.GetAttribute("data-by")!.Split('|').Length - 1);
    }

    private static long Id(SseEvent received) => long.Parse(received.Id!, CultureInfo.InvariantCulture);

    /// <summary>Posts in place as the composer does and returns the new message's number.</summary>
    private static async Task<long> PostAsync(VisitorClient visitor, string room, string text, long? reply = null)
    {
        var page = await visitor.OpenRoomAsync(room);
        Dictionary<string, string> fields = reply is null ? new() { ["text"] = text } : new() { ["text"] = text, ["reply"] = $"{reply}" };
        using var posted = await visitor.PostAsHtmxAsync(page, $"/chat/{room}/messages", fields);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var mine = (await visitor.OpenRoomAsync(room)).QuerySelectorAll(".message").Last(m => m.QuerySelector(".message__body")?.TextContent == text);
        return long.Parse(mine.Id![(mine.Id!.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
    }

    private static IElement MessageIn(IDocument page, string room, long sequence) =>
        page.GetElementById($"m-{room}-{sequence}") ?? throw new InvalidOperationException($"Message {sequence} is not on the page.");
}
