using System.Security.Cryptography;
using System.Threading.Channels;
using Whisper.Web.Rooms;

namespace Whisper.Web.Push;

/// <summary>What a push tells of: a new message, or (<see cref="Reactor"/> set) a reaction to the subscriber's own message.</summary>
public sealed record PushNews(ChatMessage Message, string? Reactor = null, string? Emoji = null)
{
    public static implicit operator PushNews(ChatMessage message) => new(message);
}

/// <summary>A push waiting for its push service: the subscription, the latest news and how many it counts, not yet encrypted.</summary>
public sealed record PushJob(PushSubscription Subscription, PushNews News, int Count)
{
    public ChatMessage Message => News.Message;
}

/// <summary>
/// A push encrypted for its subscriber, ready to send. <paramref name="Quotes"/>: its payload shows that message (its
/// text, or that it came alone), so it is not sent once that message is removed.
/// </summary>
public sealed record SealedPush(PushJob Job, byte[] Body, bool Quotes);

/// <summary>What became of a push handed to an origin.</summary>
public enum Admission
{
    Added,

    /// <summary>The queue is full: the caller keeps the push and offers it again later.</summary>
    Full,

    /// <summary>The origin went idle and ended: the caller takes a new one.</summary>
    Retired,
}

/// <summary>
/// The pushes for one push service (origin), with their own bounded queue and their own limit of requests in
/// flight: a service that answers in 5 s, or refuses, fills only its own queue and slots, never another's.
/// One pump per origin encrypts each push before it takes a slot, so the slots wait only on the network and
/// encryption (a CPU cost) runs on one thread per origin, leaving the other cores to the chat.
/// An origin with nothing queued and nothing in flight for <see cref="IdleAfter"/> retires: its pump ends and its
/// owner forgets it, so origins that pushed once (or a stranger's many made-up hosts) hold no task and no memory.
/// </summary>
public sealed class PushOrigin : IDisposable
{
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);

    private readonly Channel<PushJob> waiting;
    private readonly SemaphoreSlim slots;
    private readonly int concurrency;
    private readonly Func<PushJob, SealedPush?> seal;
    private readonly Func<SealedPush, CancellationToken, Task> send;
    private readonly Action<PushOrigin> retired;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private bool closed;

    public PushOrigin(
        string key, PushOptions options, Func<PushJob, SealedPush?> seal, Func<SealedPush, CancellationToken, Task> send, Action<PushOrigin> retired,
        TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        Key = key;
        // Wait, not drop: a write that does not fit is refused, and the coalescer keeps that push for later.
        waiting = Channel.CreateBounded<PushJob>(new BoundedChannelOptions(options.QueueSize) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        concurrency = options.ConcurrencyPerOrigin;
        slots = new SemaphoreSlim(concurrency);
        (this.seal, this.send, this.retired, this.time, this.logger) = (seal, send, retired, time, logger);
        Pumped = Task.Run(() => PumpAsync(stopping), CancellationToken.None);
    }

    /// <summary>The push service's origin, or the shared overflow's name.</summary>
    public string Key { get; }

    /// <summary>Ends when the app stops or the origin retires.</summary>
    public Task Pumped { get; }

    public void Dispose() => slots.Dispose();

    /// <summary>Pushes in this service's queue, not yet encrypted and sent.</summary>
    public int Waiting => waiting.Reader.Count;

    public Admission TryAdd(PushJob job)
    {
        lock (gate)
        {
            return closed ? Admission.Retired : waiting.Writer.TryWrite(job) ? Admission.Added : Admission.Full;
        }
    }

    private async Task PumpAsync(CancellationToken stopping)
    {
        try
        {
            while (await WaitForWorkAsync(stopping))
            {
                while (waiting.Reader.TryRead(out var job))
                {
                    if (Seal(job) is not { } sealedPush)
                    {
                        continue;
                    }

                    await slots.WaitAsync(stopping);
                    _ = SendAsync(sealedPush, stopping);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is still queued is dropped, as a browser that was offline would lose it.
        }
    }

    /// <summary>True when a push is waiting; false once this origin has retired after <see cref="IdleAfter"/> with nothing to do.</summary>
    private async Task<bool> WaitForWorkAsync(CancellationToken stopping)
    {
        while (true)
        {
            using var idle = new CancellationTokenSource(IdleAfter, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, idle.Token);
            try
            {
                return await waiting.Reader.WaitToReadAsync(either.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                if (TryRetire())
                {
                    retired(this);
                    return false;
                }
            }
        }
    }

    /// <summary>Closes the queue under the same lock as <see cref="TryAdd"/>, so no push is added to a queue nobody reads.</summary>
    private bool TryRetire()
    {
        lock (gate)
        {
            if (waiting.Reader.Count > 0 || slots.CurrentCount < concurrency)
            {
                return false;
            }

            closed = true;
            waiting.Writer.TryComplete();
            return true;
        }
    }

    /// <summary>Null when the push is no longer wanted (its subscription or message is gone) or cannot be encrypted.</summary>
    private SealedPush? Seal(PushJob job)
    {
        try
        {
            return seal(job);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or FormatException)
        {
            // One subscription's unusable key must not stop its push service's queue.
            logger.LogWarning("A push could not be encrypted ({Exception}); skipped", exception.GetType().Name);
            return null;
        }
    }

    private async Task SendAsync(SealedPush push, CancellationToken stopping)
    {
        try
        {
            await send(push, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception)
        {
            // The type only: an exception's message may name the endpoint, and an endpoint is a capability.
            logger.LogError("A push failed unexpectedly with {Exception}", exception.GetType().Name);
        }
        finally
        {
            slots.Release();
        }
    }
}
