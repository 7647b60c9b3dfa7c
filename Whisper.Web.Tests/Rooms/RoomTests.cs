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
    public void People_online_count_once_however_many_streams_they_open()
    {
        using var tabOne = room.Subscribe("Quiet Otter 48213", null);
        using var tabTwo = room.Subscribe("Quiet Otter 48213", null);
        var reader = room.Subscribe("reader:1", null);

        Assert.Equal(2, room.Presence.Count);
        reader.Dispose();
        Assert.Equal(1, room.Presence.Count);
    }

    private Room NewRoom(int ringSize) => new(new RoomSettings("test", "Test", ""), ringSize, subscriberBuffer: 64, time);

    private Task<ChatMessage> PostAsync(string text, Room? target = null) =>
        (target ?? room).AppendAsync("Quiet Otter 48213", text, text, m => Task.FromResult($"<li id=\"{m.DomId}\">{m.Text}</li>"));

    private static async Task<SseFrame> NextMessageFrameAsync(RoomSubscription subscription)
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
