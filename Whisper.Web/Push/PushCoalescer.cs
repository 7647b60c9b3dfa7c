using System.Collections.Concurrent;

namespace Whisper.Web.Push;

/// <summary>
/// At most one push per subscription per interval. The first message goes at once; what arrives within the
/// interval waits, and one push at its end says how many came (with the latest, for subscribers who want text).
/// The same rule is the backpressure: when its send function answers false (the queue is full), the push
/// waits <see cref="FullQueueRetry"/> and tries again, and messages arriving meanwhile join it, so a subscriber
/// still gets one push that counts everything it missed, never a silent drop.
/// A subscription's state is dropped when it is forgotten, and once its interval has passed with nothing waiting
/// (such state says no more than no state at all), so it never outgrows the subscriptions that are busy.
/// </summary>
public sealed class PushCoalescer : IDisposable
{
    /// <summary>How long a push refused by a full queue waits before it is offered again.</summary>
    public static readonly TimeSpan FullQueueRetry = TimeSpan.FromSeconds(1);

    /// <summary>How often idle subscriptions' state is swept away.</summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<long, Window> windows = new();
    private readonly TimeSpan interval;
    private readonly TimeProvider time;
    private readonly Func<PushSubscription, PushNews, int, bool> send;
    private readonly ITimer sweeper;

    public PushCoalescer(TimeSpan interval, TimeProvider time, Func<PushSubscription, PushNews, int, bool> send)
    {
        (this.interval, this.time, this.send) = (interval, time, send);
        sweeper = time.CreateTimer(_ => SweepIdle(), null, SweepEvery, SweepEvery);
    }

    /// <summary>Subscriptions with state held: a push waiting, or sent within the interval.</summary>
    public int Held => windows.Count;

    public void Offer(PushSubscription subscription, PushNews message)
    {
        while (true)
        {
            var window = windows.GetOrAdd(subscription.Id, _ => new Window());
            lock (window)
            {
                // Swept or forgotten between the lookup and the lock: take a fresh one.
                if (!window.Removed)
                {
                    OfferLocked(window, subscription, message);
                    return;
                }
            }
        }
    }

    private void OfferLocked(Window window, PushSubscription subscription, PushNews message)
    {
        var now = time.GetUtcNow();
        if (window.Timer is null && (window.LastSent is null || now - window.LastSent >= interval))
        {
            if (send(subscription, message, 1))
            {
                window.LastSent = now;
                return;
            }

            window.Timer = time.CreateTimer(_ => Flush(subscription, window), null, FullQueueRetry, Timeout.InfiniteTimeSpan);
        }

        window.Pending++;
        window.Latest = message;
        window.Timer ??= time.CreateTimer(_ => Flush(subscription, window), null, window.LastSent!.Value + interval - now, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The subscription is gone: its waiting push, if any, is never sent.</summary>
    public void Forget(long subscriptionId)
    {
        if (windows.TryRemove(subscriptionId, out var window))
        {
            lock (window)
            {
                window.Removed = true;
                window.Timer?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        sweeper.Dispose();
        foreach (var id in windows.Keys)
        {
            Forget(id);
        }
    }

    private void SweepIdle()
    {
        var now = time.GetUtcNow();
        foreach (var (id, window) in windows)
        {
            lock (window)
            {
                if (window.Timer is null && window.Pending == 0 && (window.LastSent is null || now - window.LastSent >= interval))
                {
                    window.Removed = true;
                    windows.TryRemove(KeyValuePair.Create(id, window));
                }
            }
        }
    }

    private void Flush(PushSubscription subscription, Window window)
    {
        lock (window)
        {
            window.Timer?.Dispose();
            window.Timer = null;
            if (window.Removed || window.Pending == 0 || window.Latest is null)
            {
                return;
            }

            if (!send(subscription, window.Latest, window.Pending))
            {
                window.Timer = time.CreateTimer(_ => Flush(subscription, window), null, FullQueueRetry, Timeout.InfiniteTimeSpan);
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

        public PushNews? Latest { get; set; }

        public ITimer? Timer { get; set; }

        /// <summary>No longer in the dictionary: an offer that still found it must take a new one.</summary>
        public bool Removed { get; set; }
    }
}
