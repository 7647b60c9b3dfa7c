using System.Collections.Concurrent;
using Whisper.Web.Rooms;

namespace Whisper.Web.Push;

/// <summary>
/// At most one push per subscription per interval. The first message goes at once; what arrives within the
/// interval waits, and one push at its end says how many came (with the latest, for subscribers who want text).
/// The same rule is the backpressure: when <paramref name="send"/> answers false (the queue is full), the push
/// waits <see cref="FullQueueRetry"/> and tries again, and messages arriving meanwhile join it, so a subscriber
/// still gets one push that counts everything it missed, never a silent drop.
/// </summary>
public sealed class PushCoalescer(TimeSpan interval, TimeProvider time, Func<PushSubscription, ChatMessage, int, bool> send) : IDisposable
{
    /// <summary>How long a push refused by a full queue waits before it is offered again.</summary>
    public static readonly TimeSpan FullQueueRetry = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<long, Window> windows = new();

    public void Offer(PushSubscription subscription, ChatMessage message)
    {
        var window = windows.GetOrAdd(subscription.Id, _ => new Window());
        lock (window)
        {
            var now = time.GetUtcNow();
            if (window.Timer is null && (window.LastSent is null || now - window.LastSent >= interval))
            {
                if (send(subscription, message, 1))
                {
                    window.LastSent = now;
                    return;
                }

                window.Timer = time.CreateTimer(_ => Flush(subscription), null, FullQueueRetry, Timeout.InfiniteTimeSpan);
            }

            window.Pending++;
            window.Latest = message;
            window.Timer ??= time.CreateTimer(_ => Flush(subscription), null, window.LastSent!.Value + interval - now, Timeout.InfiniteTimeSpan);
        }
    }

    public void Forget(long subscriptionId)
    {
        if (windows.TryRemove(subscriptionId, out var window))
        {
            lock (window)
            {
                window.Timer?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var id in windows.Keys)
        {
            Forget(id);
        }
    }

    private void Flush(PushSubscription subscription)
    {
        if (!windows.TryGetValue(subscription.Id, out var window))
        {
            return;
        }

        lock (window)
        {
            window.Timer?.Dispose();
            window.Timer = null;
            if (window.Pending == 0 || window.Latest is null)
            {
                return;
            }

            if (!send(subscription, window.Latest, window.Pending))
            {
                window.Timer = time.CreateTimer(_ => Flush(subscription), null, FullQueueRetry, Timeout.InfiniteTimeSpan);
                return;
            }

            window.LastSent = time.GetUtcNow();
            window.Pending = 0;
            window.Latest = null;
        }
    }

    private sealed class Window
    {
        public DateTimeOffset? LastSent { get; set; }

        public int Pending { get; set; }

        public ChatMessage? Latest { get; set; }

        public ITimer? Timer { get; set; }
    }
}
