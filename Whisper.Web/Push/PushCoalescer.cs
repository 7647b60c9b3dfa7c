using System.Collections.Concurrent;
using Whisper.Web.Rooms;

namespace Whisper.Web.Push;

/// <summary>
/// At most one push per subscription per interval. The first message goes at once; what arrives within the
/// interval waits, and one push at its end says how many came (with the latest, for subscribers who want text).
/// </summary>
public sealed class PushCoalescer(TimeSpan interval, TimeProvider time, Action<PushSubscription, ChatMessage, int> send) : IDisposable
{
    private readonly ConcurrentDictionary<long, Window> windows = new();

    public void Offer(PushSubscription subscription, ChatMessage message)
    {
        var window = windows.GetOrAdd(subscription.Id, _ => new Window());
        lock (window)
        {
            var now = time.GetUtcNow();
            if (window.Timer is null && (window.LastSent is null || now - window.LastSent >= interval))
            {
                window.LastSent = now;
                send(subscription, message, 1);
                return;
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

            window.LastSent = time.GetUtcNow();
            send(subscription, window.Latest, window.Pending);
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
