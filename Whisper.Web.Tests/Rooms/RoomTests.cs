using System.Text;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Rooms;
using Whisper.Web.Sse;

namespace Whisper.Web.Tests.Rooms;

public sealed class RoomTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private Room room = null!;

    public Task InitializeAsync()
    {
        room = NewRoom(ringSize: 500);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await room.DisposeAsync();

    [Fact]
    public async Task The_501st_message_evicts_the_first()
    {
        for (var i = 1; i <= 501; i++)
        {
            await PostAsync($"message {i}");
        }

        var (messages, _) = room.Snapshot();

        Assert.Equal(500, messages.Count);
        Assert.Equal("message 2", messages[0].Text);
        Assert.Equal("message 501", messages[^1].Text);
    }

    [Fact]
    public async Task A_message_sent_again_with_its_send_key_is_posted_once()
    {
        var key = SendKey.New();
        var first = await SendAsync("hello", key);
        var again = await SendAsync("hello", key);
        var other = await SendAsync("hello", SendKey.New());

        Assert.False(first.Repeated);
        Assert.True(again.Repeated);
        Assert.Equal(first.Message.Sequence, again.Message.Sequence);
        Assert.False(other.Repeated);
        Assert.Equal(2, room.Snapshot().Messages.Count);
    }

    [Fact]
    public async Task Two_sends_with_one_key_at_the_same_moment_post_once()
    {
        var key = SendKey.New();
        var sends = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SendAsync("hello", key))));

        Assert.Single(sends, s => !s.Repeated);
        Assert.Single(room.Snapshot().Messages);
        Assert.Single(sends.Select(s => s.Message.Sequence).Distinct());
    }

    [Fact]
    public async Task A_send_key_is_forgotten_after_its_lifetime()
    {
        var key = SendKey.New();
        await SendAsync("hello", key);
        time.Advance(SendKey.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True((await SendAsync("hello", key)).Repeated);

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(await room.SentAsync(key));
        Assert.False((await SendAsync("hello", key)).Repeated);
    }

    [Theory]
    [InlineData("", null, null)]
    [InlineData("abcDEF123-_", "abcDEF123-_", null)]
    [InlineData("has space", null, "This message's send key is not valid: reload the page and send it again.")]
    [InlineData("<script>", null, "This message's send key is not valid: reload the page and send it again.")]
    public void A_send_key_is_read_or_refused_with_a_sentence(string value, string? key, string? error)
    {
        var words = Support.Resources.For<Whisper.Web.Languages.RoomsText>();
        Assert.Equal((key, error), Whisper.Web.Tests.Languages.PluralsTests.InCulture("en", () => SendKey.Read(value, words)));
        Assert.NotNull(SendKey.Read(new string('a', 65), words).Error);
        Assert.Equal(22, SendKey.New().Length);
    }

    [Fact]
    public async Task Sequences_increase_by_one_per_message()
    {
        var first = await PostAsync("a");
        var second = await PostAsync("b");

        Assert.Equal(first.Sequence + 1, second.Sequence);
        Assert.Equal(second.Sequence, room.Snapshot().LastSequence);
    }

    [Fact]
    public async Task A_subscriber_gets_every_message_the_ring_holds_after_its_last_id()
    {
        var messages = new List<ChatMessage>();
        for (var i = 0; i < 5; i++)
        {
            messages.Add(await PostAsync($"m{i}"));
        }

        using var subscription = room.Subscribe("reader", messages[1].Sequence);

        Assert.False(subscription.MissedMessages);
        Assert.Equal(messages.Skip(2).Select(m => (long?)m.Sequence), subscription.Replay.Select(f => f.Sequence));
    }

    [Fact]
    public async Task A_subscriber_whose_last_id_fell_out_of_the_ring_is_told_to_reload()
    {
        var small = NewRoom(ringSize: 3);
        var first = await PostAsync("gone soon", small);
        for (var i = 0; i < 4; i++)
        {
            await PostAsync($"m{i}", small);
        }

        using var subscription = small.Subscribe("reader", first.Sequence);

        Assert.True(subscription.MissedMessages);
        Assert.Empty(subscription.Replay);
        await small.DisposeAsync();
    }

    [Fact]
    public async Task Entries_lost_from_a_shared_log_end_open_streams_and_resumes_from_before_them_are_told_to_reload()
    {
        var before = await PostAsync("before the gap");
        using var open = room.Subscribe("reader", before.Sequence);

        room.Skip(before.Sequence + 5);
        var after = await PostAsync("after the gap");

        Assert.Equal(before.Sequence + 6, after.Sequence);
        Assert.True(open.Subscriber.Reader.Completion.IsCompleted);
        using var resumed = room.Subscribe("reader", before.Sequence);
        Assert.True(resumed.MissedMessages);
        using var fromAfter = room.Subscribe("reader", before.Sequence + 5);
        Assert.False(fromAfter.MissedMessages);
        Assert.Single(fromAfter.Replay);
    }

    [Fact]
    public async Task An_id_from_before_a_restart_is_older_than_anything_this_life_issued()
    {
        var before = await PostAsync("before the restart");
        time.Advance(TimeSpan.FromMinutes(1));
        var restarted = NewRoom(ringSize: 500);

        using var subscription = restarted.Subscribe("reader", before.Sequence);

        Assert.True(subscription.MissedMessages);
        await restarted.DisposeAsync();
    }

    [Fact]
    public async Task Every_subscriber_is_handed_the_same_encoded_frame()
    {
        using var one = room.Subscribe("one", null);
        using var two = room.Subscribe("two", null);

        var message = await PostAsync("hello");
        var frameOne = await NextMessageFrameAsync(one);
        var frameTwo = await NextMessageFrameAsync(two);

        Assert.Same(frameOne, frameTwo);
        Assert.Equal(message.Sequence, frameOne.Sequence);
        Assert.Contains("hello", Encoding.UTF8.GetString(frameOne.Bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscriber_that_stops_reading_is_disconnected_instead_of_buffering_forever()
    {
        var tight = new Room(new RoomSettings("tight", "Tight", ""), ringSize: 50, subscriberBuffer: 4, time);
        using var slow = tight.Subscribe("slow", null);

        for (var i = 0; i < 10; i++)
        {
            await PostAsync($"m{i}", tight);
        }

        await tight.DisposeAsync();
        Assert.True(slow.Subscriber.IsEvicted);
        Assert.True(slow.Subscriber.Reader.Completion.IsCompleted || slow.Subscriber.Reader.Count <= 4);
    }

    [Fact]
    public async Task A_removal_is_numbered_like_a_message_and_replayed_in_order_to_a_resuming_page()
    {
        var kept = await PostAsync("kept");
        var removed = await PostAsync("removed");
        var later = await PostAsync("later");

        Assert.NotNull(await room.RemoveAsync(removed.Sequence, m => Task.FromResult($"<div id=\"{m.DomId}\" hx-swap-oob=\"delete\"></div>")));

        using var resumed = room.Subscribe("reader:1", kept.Sequence);
        Assert.False(resumed.MissedMessages);
        Assert.Equal([later.Sequence, later.Sequence + 1], resumed.Replay.Select(f => f.Sequence!.Value));
        Assert.Contains("hx-swap-oob=\"delete\"", Encoding.UTF8.GetString(resumed.Replay[^1].Bytes), StringComparison.Ordinal);
        Assert.Equal(["kept", "later"], room.Snapshot().Messages.Select(m => m.Text));
        Assert.Null(await room.RemoveAsync(removed.Sequence, _ => Task.FromResult("")));
    }

    [Fact]
    public async Task A_page_that_missed_more_notices_than_the_ring_keeps_is_told_to_reload()
    {
        var small = NewRoom(ringSize: 3);
        var first = await PostAsync("first", small);
        for (var i = 0; i < 4; i++)
        {
            await small.NoticeAsync($"<div id=\"pinned\">{i}</div>");
        }

        using var resumed = small.Subscribe("reader:1", first.Sequence);

        Assert.True(resumed.MissedMessages);
        await small.DisposeAsync();
    }

    [Fact]
    public void People_online_count_once_however_many_streams_they_open_and_readers_without_a_name_not_at_all()
    {
        using var tabOne = room.Subscribe("Quiet Otter 48213", null);
        var tabTwo = room.Subscribe("Quiet Otter 48213", null);
        using var reader = room.Subscribe(RoomPageBuilder.ViewerKey(null, "1"), null);
        using var otherReader = room.Subscribe(RoomPageBuilder.ViewerKey(null, "2"), null);

        Assert.Equal(1, room.Presence.Count);
        Assert.Equal(1, room.Presence.CountIncluding(RoomPageBuilder.ViewerKey(null, null)));
        Assert.Equal(2, room.Presence.CountIncluding("Brave Lynx 10001"));
        tabTwo.Dispose();
        Assert.Equal(1, room.Presence.Count);
    }

    private Room NewRoom(int ringSize) => new(new RoomSettings("test", "Test", ""), ringSize, subscriberBuffer: 64, time);

    private async Task<ChatMessage> PostAsync(string text, Room? target = null) => (await SendAsync(text, null, target)).Message;

    private Task<(ChatMessage Message, bool Repeated)> SendAsync(string text, string? sendKey, Room? target = null) =>
        (target ?? room).AppendAsync("Quiet Otter 48213", text, text, m => Task.FromResult($"<li id=\"{m.DomId}\">{m.Text}</li>"), sendKey: sendKey);

    /// <summary>The next numbered frame (a message or a notice), skipping presence and heartbeats.</summary>
    internal static async Task<SseFrame> NextMessageFrameAsync(RoomSubscription subscription)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var frame = await subscription.Subscriber.Reader.ReadAsync(deadline.Token);
            if (frame.Sequence is not null)
            {
                return frame;
            }
        }
    }
}
