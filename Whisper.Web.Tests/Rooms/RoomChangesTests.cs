using System.Text;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Rooms;
using Whisper.Web.Sse;

namespace Whisper.Web.Tests.Rooms;

/// <summary>The entries that change held messages (reactions, edits, deletions and the answers quoting them), applied to one room.</summary>
public sealed class RoomChangesTests : IAsyncLifetime, IDisposable
{
    private const string Author = "Quiet Otter 48213";
    private const string Fan = "Deep Whale 96163";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private Room room = null!;

    public Task InitializeAsync()
    {
        room = new Room(new RoomSettings("test", "Test", ""), 3, subscriberBuffer: 64, time, render: Render);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await room.DisposeAsync();

    public void Dispose() => GC.SuppressFinalize(this);

    [Fact]
    public void A_reaction_is_added_once_per_name_and_a_second_toggle_takes_it_back()
    {
        var one = Reaction.Toggle(null, Fan, "👍");
        var two = Reaction.Toggle(one, Author, "👍");
        var other = Reaction.Toggle(two, Fan, "😂");
        var back = Reaction.Toggle(Reaction.Toggle(other, Fan, "👍"), Author, "👍");

        Assert.Equal([Fan, Author], two!.Single().Names);
        Assert.Equal(["👍", "😂"], other!.Select(r => r.Emoji));
        Assert.Equal("|Deep Whale 96163|Quiet Otter 48213|", two!.Single().By);
        Assert.Equal("😂", back!.Single().Emoji);
        Assert.Null(Reaction.Toggle(back, Fan, "😂"));
    }

    [Fact]
    public void An_emoji_holds_at_most_its_limit_of_names_and_its_title_lists_the_first_few()
    {
        IReadOnlyList<Reaction>? reactions = null;
        for (var i = 0; i < Reaction.MaxNames + 3; i++)
        {
            reactions = Reaction.Toggle(reactions, $"Name {i}", "👍");
        }

        var full = reactions!.Single();
        Assert.Equal(Reaction.MaxNames, full.Names.Count);
        Assert.True(Reaction.IsFull(reactions, "Someone Else", "👍"));
        Assert.False(Reaction.IsFull(reactions, "Name 0", "👍"));
        Assert.Null(Reaction.Toggle([new Reaction("👍", ["Name 0"])], "Name 0", "👍"));
        Assert.Equal("Name 0, Name 1, Name 2, Name 3, Name 4, …", full.Title);
    }

    [Fact]
    public void A_quote_keeps_one_line_of_the_start_of_the_original()
    {
        var original = new ChatMessage("test", 7, Author, "first line\n\nsecond " + new string('x', 100), "", time.GetUtcNow());

        var quote = Quote.Of(original);

        Assert.Equal(7, quote.Sequence);
        Assert.Equal(Author, quote.Author);
        Assert.StartsWith("first line second xx", quote.Excerpt, StringComparison.Ordinal);
        Assert.Equal(Quote.ExcerptLength + 1, quote.Excerpt.Length);
        Assert.EndsWith("…", quote.Excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_shows_the_words_without_marks_and_never_cuts_an_emoji_in_half()
    {
        var emoji = string.Concat(Enumerable.Repeat("👍🏽", Quote.ExcerptLength + 5));
        var marked = new ChatMessage("test", 8, Author, "**bold** and `code`", "", time.GetUtcNow());

        var cut = Quote.Of(marked with { Text = emoji }).Excerpt;

        Assert.Equal("bold and code", Quote.Of(marked).Excerpt);
        Assert.Equal(string.Concat(Enumerable.Repeat("👍🏽", Quote.ExcerptLength)) + "…", cut);
    }

    [Fact]
    public async Task A_reaction_changes_the_held_message_and_its_replayed_frame_and_is_sent_as_a_numbered_notice()
    {
        var message = await PostAsync("hello");
        using var watcher = room.Subscribe(Fan, null);

        await room.ChangeAsync(new RoomEntry.Reacted(message.Sequence, Fan, "❤️"));

        var notice = await NextFrameAsync(watcher);
        Assert.Equal(message.Sequence + 1, notice.Sequence);
        Assert.Contains($"oob {message.DomId} hello ❤️ Deep Whale 96163", Encoding.UTF8.GetString(notice.Bytes), StringComparison.Ordinal);
        Assert.Equal(Fan, room.Find(message.Sequence)!.Reactions!.Single().Names.Single());
        using var resumed = room.Subscribe(Fan, message.Sequence - 1);
        Assert.Contains("❤️ Deep Whale 96163", Encoding.UTF8.GetString(resumed.Replay[0].Bytes), StringComparison.Ordinal);
        Assert.Equal(notice.Sequence, resumed.Replay[^1].Sequence);
    }

    [Fact]
    public async Task A_reaction_not_offered_or_to_a_message_gone_still_takes_its_number_and_changes_nothing()
    {
        var message = await PostAsync("hello");

        await room.ChangeAsync(new RoomEntry.Reacted(message.Sequence, Fan, "🦄"));
        await room.ChangeAsync(new RoomEntry.Reacted(message.Sequence + 100, Fan, "👍"));

        Assert.Null(room.Find(message.Sequence)!.Reactions);
        Assert.Equal(message.Sequence + 2, room.LastSequence);
    }

    [Fact]
    public async Task An_edit_replaces_the_text_and_marks_the_time_keeping_reactions()
    {
        var message = await PostAsync("teh text");
        await room.ChangeAsync(new RoomEntry.Reacted(message.Sequence, Fan, "👍"));
        time.Advance(TimeSpan.FromMinutes(1));

        await room.ChangeAsync(new RoomEntry.Edited(message.Sequence, "the text", "the text", time.GetUtcNow()));

        var held = room.Find(message.Sequence)!;
        Assert.Equal("the text", held.Text);
        Assert.Equal(time.GetUtcNow(), held.EditedAt);
        Assert.Single(held.Reactions!);
    }

    [Fact]
    public async Task An_edit_changes_the_quote_in_the_answers_too_so_the_old_words_are_kept_nowhere()
    {
        var original = await PostAsync("teh words");
        var (answer, _) = await room.AppendAsync(Fan, "answer", "answer", Render, reply: Quote.Of(original));
        using var watcher = room.Subscribe(Fan, null);

        await room.ChangeAsync(new RoomEntry.Edited(original.Sequence, "the words", "the words", time.GetUtcNow()));

        Assert.Equal("the words", room.Find(answer.Sequence)!.Reply!.Excerpt);
        var notice = Encoding.UTF8.GetString((await NextFrameAsync(watcher)).Bytes);
        Assert.Contains($"<li>oob {answer.DomId} answer the words</li>", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("teh", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_message_drops_its_words_from_the_answers_that_quote_it()
    {
        var original = await PostAsync("regrettable");
        var (answer, _) = await room.AppendAsync(Fan, "answer", "answer", Render, reply: Quote.Of(original));
        using var watcher = room.Subscribe(Fan, null);

        await room.RemoveAsync(original.Sequence, m => Task.FromResult($"<del id=\"{m.DomId}\"></del>"));

        var quote = room.Find(answer.Sequence)!.Reply!;
        Assert.True(quote.Gone);
        Assert.Equal("", quote.Excerpt);
        var notice = Encoding.UTF8.GetString((await NextFrameAsync(watcher)).Bytes);
        Assert.Contains($"data: <del id=\"{original.DomId}\"></del><li>oob", notice, StringComparison.Ordinal);
        Assert.Contains($"<li>oob {answer.DomId} answer  gone</li>", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("regrettable", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resumed_page_gets_only_the_latest_version_of_an_edited_message_and_never_its_old_words()
    {
        var original = await PostAsync("first words");
        var (answer, _) = await room.AppendAsync(Fan, "answer", "answer", Render, reply: Quote.Of(original));
        await room.ChangeAsync(new RoomEntry.Reacted(original.Sequence, Fan, "👍"));
        await room.ChangeAsync(new RoomEntry.Edited(original.Sequence, "second words", "second words", time.GetUtcNow()));
        await room.ChangeAsync(new RoomEntry.Edited(original.Sequence, "third words", "third words", time.GetUtcNow()));

        foreach (var after in new[] { original.Sequence - 1, original.Sequence, answer.Sequence, answer.Sequence + 1 })
        {
            using var resumed = room.Subscribe(Fan, after);
            var replayed = string.Concat(resumed.Replay.Select(f => Encoding.UTF8.GetString(f.Bytes)));
            Assert.False(resumed.MissedMessages);
            Assert.Contains("third words", replayed, StringComparison.Ordinal);
            Assert.DoesNotContain("first", replayed, StringComparison.Ordinal);
            Assert.DoesNotContain("second", replayed, StringComparison.Ordinal);
            Assert.Equal(room.LastSequence, resumed.Replay[^1].Sequence);
            Assert.Equal(resumed.Replay.Select(f => f.Sequence), resumed.Replay.Select(f => f.Sequence).Order());
        }
    }

    [Fact]
    public async Task A_resumed_page_is_told_a_message_was_deleted_without_any_of_its_words()
    {
        var original = await PostAsync("regrettable");
        var (answer, _) = await room.AppendAsync(Fan, "answer", "answer", Render, reply: Quote.Of(original));
        await room.ChangeAsync(new RoomEntry.Edited(original.Sequence, "still regrettable", "still regrettable", time.GetUtcNow()));
        await room.ChangeAsync(new RoomEntry.Reacted(original.Sequence, Fan, "😢"));
        await room.RemoveAsync(original.Sequence, m => Task.FromResult($"<del id=\"{m.DomId}\"></del>"));

        using var resumed = room.Subscribe(Fan, answer.Sequence);

        var replayed = string.Concat(resumed.Replay.Select(f => Encoding.UTF8.GetString(f.Bytes)));
        Assert.DoesNotContain("regrettable", replayed, StringComparison.Ordinal);
        Assert.Contains($"<del id=\"{original.DomId}\"></del>", replayed, StringComparison.Ordinal);
        Assert.Contains($"oob {answer.DomId} answer  gone", replayed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_changes_to_held_messages_do_not_shorten_the_resumable_history()
    {
        var first = await PostAsync("one");
        await PostAsync("two");
        for (var i = 0; i < 50; i++)
        {
            await room.ChangeAsync(new RoomEntry.Reacted(first.Sequence, Fan, "👍"));
        }

        using var resumed = room.Subscribe(Fan, first.Sequence - 1);

        Assert.False(resumed.MissedMessages);
        Assert.Equal(3, resumed.Replay.Count); // the two messages and the one latest change
    }

    [Fact]
    public async Task A_rewrite_applies_to_the_current_copy_so_an_earlier_edit_and_reaction_stay()
    {
        var own = await PostAsync("old words");
        var (answer, _) = await room.AppendAsync(Fan, "answer", "answer", Render, reply: Quote.Of(own));
        await room.ChangeAsync(new RoomEntry.Edited(own.Sequence, "new words", "new words", time.GetUtcNow()));
        await room.ChangeAsync(new RoomEntry.Reacted(answer.Sequence, Author, "👍"));
        await room.ChangeAsync(new RoomEntry.Reacted(answer.Sequence, Fan, "🙏"));

        await room.RewriteAsync(new RoomEntry.NameForgotten(Author));

        var ownAfter = room.Find(own.Sequence)!;
        Assert.Equal("new words", ownAfter.Text);
        Assert.True(ownAfter.AuthorDeleted);
        var answerAfter = room.Find(answer.Sequence)!;
        Assert.Equal("", answerAfter.Reply!.Author);
        Assert.Equal([Fan], answerAfter.Reactions!.Single().Names);
    }

    /// <summary>A stand-in for the message partial: what changed, visibly.</summary>
    private static Task<string> Render(ChatMessage m) => Task.FromResult(
        $"<li>{(m.OutOfBand ? "oob " : "")}{m.DomId} {m.Text} {string.Join(' ', (m.Reactions ?? []).Select(r => r.Emoji + " " + string.Join(',', r.Names)))}{(m.Reply?.Gone == true ? " gone" : m.Reply?.Excerpt)}</li>");

    private async Task<ChatMessage> PostAsync(string text) => (await room.AppendAsync(Author, text, text, Render)).Message;

    private static Task<SseFrame> NextFrameAsync(RoomSubscription subscription) => RoomTests.NextMessageFrameAsync(subscription);
}
