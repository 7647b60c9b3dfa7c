using System.Collections.Concurrent;
using System.Threading.Channels;
using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// A live room: the ring of recent messages, the sequence, and the open streams.
/// Appends are serialised so sequence order is frame order; fan-out runs on one dispatcher task,
/// outside every lock, handing the same encoded frame to each subscriber's bounded queue.
/// </summary>
public sealed class Room : IAsyncDisposable
{
    private const int DispatchBacklog = 1024;

    private readonly Lock gate = new();
    private readonly SemaphoreSlim appendGate = new(1, 1);
    private readonly MessageRing ring;
    private readonly ConcurrentDictionary<Subscriber, byte> subscribers = new();
    private readonly Channel<SseFrame> dispatch = Channel.CreateBounded<SseFrame>(
        new BoundedChannelOptions(DispatchBacklog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly int subscriberBuffer;
    private readonly TimeProvider time;
    private readonly Task dispatcher;

    public Room(RoomDefinition definition, int ringSize, int subscriberBuffer, TimeProvider time)
    {
        Definition = definition;
        // Sequences start at the clock in milliseconds, so ids from before a restart are always older
        // than this life's: a page holding one is told to reload instead of mistaking new messages for seen ones.
        ring = new MessageRing(ringSize, time.GetUtcNow().ToUnixTimeMilliseconds());
        this.subscriberBuffer = subscriberBuffer;
        this.time = time;
        dispatcher = Task.Run(DispatchAsync);
    }

    public RoomDefinition Definition { get; }

    public string Name => Definition.Name;

    public Presence Presence { get; } = new();

    /// <summary>The messages the ring holds, oldest first, and the last sequence issued.</summary>
    public (IReadOnlyList<ChatMessage> Messages, long LastSequence) Snapshot()
    {
        lock (gate)
        {
            return (ring.Messages(), ring.LastSequence);
        }
    }

    /// <summary>Numbers the message, renders its fragment once, keeps it in the ring and queues it for every stream.</summary>
    public async Task<ChatMessage> AppendAsync(string author, string text, string bodyHtml, Func<ChatMessage, Task<string>> render)
    {
        await appendGate.WaitAsync();
        try
        {
            // Only appends change LastSequence, and they are serialised by appendGate.
            var message = new ChatMessage(Name, ring.LastSequence + 1, author, text, bodyHtml, time.GetUtcNow());
            var frame = SseFrame.Event("message", await render(message), message.Sequence);
            lock (gate)
            {
                ring.Add(message, frame);
            }

            // Waits when the dispatcher is behind: publishers slow down instead of memory growing.
            await dispatch.Writer.WriteAsync(frame);
            return message;
        }
        finally
        {
            appendGate.Release();
        }
    }

    /// <summary>
    /// Opens a stream for a viewer. Frames after <paramref name="afterSequence"/> that the ring still holds are
    /// replayed; when some were lost (evicted from the ring, or from before a restart) the subscription says so.
    /// </summary>
    public RoomSubscription Subscribe(string viewerKey, long? afterSequence)
    {
        var replay = new List<SseFrame>();
        var missed = false;
        Subscriber subscriber;
        // Replay and registration under one lock: a message is either in the replay or reaches the new queue.
        lock (gate)
        {
            if (afterSequence is long after)
            {
                missed = !ring.TryFramesAfter(after, replay);
            }

            subscriber = new Subscriber(subscriberBuffer, ring.LastSequence);
            subscribers.TryAdd(subscriber, 0);
        }

        Presence.Arrive(viewerKey);
        return new RoomSubscription(this, subscriber, viewerKey, replay, missed);
    }

    internal void Unsubscribe(Subscriber subscriber, string viewerKey)
    {
        subscribers.TryRemove(subscriber, out _);
        subscriber.Complete();
        Presence.Leave(viewerKey);
    }

    /// <summary>Queues a frame without an id (presence, heartbeat); dropped when the room is far behind.</summary>
    public bool Broadcast(SseFrame frame) => dispatch.Writer.TryWrite(frame);

    public async ValueTask DisposeAsync()
    {
        dispatch.Writer.TryComplete();
        await dispatcher;
        foreach (var subscriber in subscribers.Keys)
        {
            subscriber.Complete();
        }
    }

    private async Task DispatchAsync()
    {
        await foreach (var frame in dispatch.Reader.ReadAllAsync())
        {
            foreach (var (subscriber, _) in subscribers)
            {
                if (!subscriber.TryDeliver(frame))
                {
                    subscribers.TryRemove(subscriber, out _);
                }
            }
        }
    }
}
