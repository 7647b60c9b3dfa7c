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
    private readonly ChatMessage[] ring;
    private readonly SseFrame[] frames;
    private readonly ConcurrentDictionary<Subscriber, byte> subscribers = new();
    private readonly Dictionary<string, int> viewers = new(StringComparer.Ordinal);
    private readonly Channel<SseFrame> dispatch = Channel.CreateBounded<SseFrame>(
        new BoundedChannelOptions(DispatchBacklog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly int subscriberBuffer;
    private readonly TimeProvider time;
    private readonly Task dispatcher;
    private int head;
    private int count;
    private long lastSequence;
    private int announcedOnline = -1;

    public Room(RoomDefinition definition, int ringSize, int subscriberBuffer, TimeProvider time)
    {
        Definition = definition;
        ring = new ChatMessage[ringSize];
        frames = new SseFrame[ringSize];
        this.subscriberBuffer = subscriberBuffer;
        this.time = time;
        // Sequences start at the clock in milliseconds, so ids from before a restart are always older
        // than this life's: a page holding one is told to reload instead of mistaking new messages for seen ones.
        lastSequence = time.GetUtcNow().ToUnixTimeMilliseconds();
        dispatcher = Task.Run(DispatchAsync);
    }

    public RoomDefinition Definition { get; }

    public string Name => Definition.Name;

    public int Online
    {
        get
        {
            lock (gate)
            {
                return viewers.Count;
            }
        }
    }

    /// <summary>The online count as the given viewer will see it once their own stream is open.</summary>
    public int OnlineIncluding(string viewerKey)
    {
        lock (gate)
        {
            return viewers.Count + (viewers.ContainsKey(viewerKey) ? 0 : 1);
        }
    }

    /// <summary>The messages the ring holds, oldest first, and the last sequence issued.</summary>
    public (IReadOnlyList<ChatMessage> Messages, long LastSequence) Snapshot()
    {
        lock (gate)
        {
            var messages = new ChatMessage[count];
            for (var i = 0; i < count; i++)
            {
                messages[i] = ring[(head + i) % ring.Length];
            }

            return (messages, lastSequence);
        }
    }

    /// <summary>Numbers the message, renders its fragment once, keeps it in the ring and queues it for every stream.</summary>
    public async Task<ChatMessage> AppendAsync(string author, string text, string bodyHtml, Func<ChatMessage, Task<string>> render)
    {
        await appendGate.WaitAsync();
        try
        {
            var message = new ChatMessage(Name, lastSequence + 1, author, text, bodyHtml, time.GetUtcNow());
            var frame = SseFrame.Event("message", await render(message), message.Sequence);
            lock (gate)
            {
                var slot = (head + count) % ring.Length;
                ring[slot] = message;
                frames[slot] = frame;
                if (count < ring.Length)
                {
                    count++;
                }
                else
                {
                    head = (head + 1) % ring.Length;
                }

                lastSequence = message.Sequence;
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
        lock (gate)
        {
            var replay = new List<SseFrame>();
            var missed = false;
            if (afterSequence is long after)
            {
                var oldestHeld = count == 0 ? lastSequence + 1 : ring[head].Sequence;
                missed = after < oldestHeld - 1 || after > lastSequence;
                for (var i = 0; i < count && !missed; i++)
                {
                    var slot = (head + i) % ring.Length;
                    if (ring[slot].Sequence > after)
                    {
                        replay.Add(frames[slot]);
                    }
                }
            }

            var subscriber = new Subscriber(subscriberBuffer, lastSequence);
            subscribers.TryAdd(subscriber, 0);
            viewers[viewerKey] = viewers.GetValueOrDefault(viewerKey) + 1;
            return new RoomSubscription(this, subscriber, viewerKey, replay, missed);
        }
    }

    internal void Unsubscribe(Subscriber subscriber, string viewerKey)
    {
        subscribers.TryRemove(subscriber, out _);
        subscriber.Complete();
        lock (gate)
        {
            if (viewers.TryGetValue(viewerKey, out var open) && open > 1)
            {
                viewers[viewerKey] = open - 1;
            }
            else
            {
                viewers.Remove(viewerKey);
            }
        }
    }

    /// <summary>Queues a frame without an id (presence, heartbeat); dropped when the room is far behind.</summary>
    public bool Broadcast(SseFrame frame) => dispatch.Writer.TryWrite(frame);

    /// <summary>The online count if it changed since the last call, so presence goes out once per change.</summary>
    public bool TryTakeOnlineChange(out int online)
    {
        lock (gate)
        {
            online = viewers.Count;
            if (online == announcedOnline)
            {
                return false;
            }

            announcedOnline = online;
            return true;
        }
    }

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
