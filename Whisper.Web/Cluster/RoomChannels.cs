using StackExchange.Redis;

namespace Whisper.Web.Cluster;

/// <summary>
/// Each room's channel, heard by this node only while it has a stream of that room open (and for <see cref="Linger"/>
/// after the last one closes, so a page reloading or a stream hopping back is not a subscribe and an unsubscribe).
/// So a node does the work of the rooms its own readers are in, not of the whole site. A page of a room not heard
/// here is served after reading the room back from its log, as after a gap.
/// </summary>
public sealed class RoomChannels(ClusterConnection cluster, TimeProvider time, ILogger<RoomChannels> logger)
{
    /// <summary>How long a room stays heard after its last stream here closes.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Listening> listening = new(StringComparer.OrdinalIgnoreCase);
    private int reconnectHooked;

    public bool Hears(string room)
    {
        lock (gate)
        {
            return listening.TryGetValue(room, out var entry) && entry.Queue.IsCompletedSuccessfully;
        }
    }

    /// <summary>
    /// Hears the room's channel until the returned handle is disposed: <paramref name="heard"/> gets each message in
    /// order, <paramref name="missed"/> runs when the subscription comes back after a lost connection.
    /// </summary>
    public async Task<IAsyncDisposable> ListenAsync(string room, Func<string, Task> heard, Func<Task> missed)
    {
        HookReconnect();
        Listening entry;
        lock (gate)
        {
            if (!listening.TryGetValue(room, out entry!))
            {
                entry = new Listening(SubscribeAsync(room, heard), missed);
                listening[room] = entry;
            }

            entry.Streams++;
            entry.Leaving?.Dispose();
            entry.Leaving = null;
        }

        try
        {
            await entry.Queue;
        }
        catch (RedisException exception)
        {
            // The stream still opens with what this node holds; the next stream of the room tries again.
            logger.LogWarning(exception, "Could not hear room {Room}", room);
            lock (gate)
            {
                if (listening.GetValueOrDefault(room) == entry)
                {
                    listening.Remove(room);
                }
            }
        }

        return new Handle(() => Release(room, entry));
    }

    private Task<ChannelMessageQueue> SubscribeAsync(string room, Func<string, Task> heard) => Task.Run(async () =>
    {
        var queue = await cluster.Redis!.GetSubscriber().SubscribeAsync(cluster.RoomChannel(room));
        queue.OnMessage(message => heard((string)message.Message!));
        return queue;
    });

    private void Release(string room, Listening entry)
    {
        lock (gate)
        {
            if (--entry.Streams > 0 || listening.GetValueOrDefault(room) != entry)
            {
                return;
            }

            entry.Leaving = time.CreateTimer(_ => Leave(room, entry), null, Linger, Timeout.InfiniteTimeSpan);
        }
    }

    private void Leave(string room, Listening entry)
    {
        lock (gate)
        {
            if (entry.Streams > 0 || listening.GetValueOrDefault(room) != entry)
            {
                return;
            }

            listening.Remove(room);
            entry.Leaving?.Dispose();
        }

        _ = Task.Run(async () =>
        {
            try
            {
                // Only this queue: a new listener of the same room has a queue of its own.
                await (await entry.Queue).UnsubscribeAsync();
            }
            catch (Exception exception) when (exception is RedisException or TaskCanceledException)
            {
                logger.LogWarning(exception, "Could not stop hearing room {Room}", room);
            }
        });
    }

    /// <summary>Entries published while the connection was down were never heard: each heard room reads them back.</summary>
    private void HookReconnect()
    {
        if (Interlocked.Exchange(ref reconnectHooked, 1) == 0)
        {
            cluster.OnReconnected(async () =>
            {
                List<Listening> heard;
                lock (gate)
                {
                    heard = [.. listening.Values];
                }

                foreach (var entry in heard)
                {
                    await entry.Missed();
                }
            });
        }
    }

    private sealed class Listening(Task<ChannelMessageQueue> queue, Func<Task> missed)
    {
        public Task<ChannelMessageQueue> Queue { get; } = queue;

        public Func<Task> Missed { get; } = missed;

        public int Streams { get; set; }

        public ITimer? Leaving { get; set; }
    }

    private sealed class Handle(Action release) : IAsyncDisposable
    {
        private int released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
