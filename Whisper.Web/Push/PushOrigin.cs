using System.Security.Cryptography;
using System.Threading.Channels;

namespace Whisper.Web.Push;

/// <summary>A push waiting for its push service: the subscription and the payload, not yet encrypted.</summary>
public sealed record PushJob(PushSubscription Subscription, string Payload);

/// <summary>A push encrypted for its subscriber, ready to send.</summary>
public sealed record SealedPush(PushSubscription Subscription, byte[] Body);

/// <summary>
/// The pushes for one push service (origin), with their own bounded queue and their own limit of requests in
/// flight: a service that answers in 5 s, or refuses, fills only its own queue and slots, never another's.
/// One pump per origin encrypts each push before it takes a slot, so the slots wait only on the network and
/// encryption (a CPU cost) runs on one thread per origin, leaving the other cores to the chat.
/// </summary>
public sealed class PushOrigin : IDisposable
{
    private readonly Channel<PushJob> waiting;
    private readonly SemaphoreSlim slots;
    private readonly Func<PushJob, SealedPush> seal;
    private readonly Func<SealedPush, CancellationToken, Task> send;
    private readonly ILogger logger;

    public PushOrigin(
        PushOptions options, Func<PushJob, SealedPush> seal, Func<SealedPush, CancellationToken, Task> send, ILogger logger, CancellationToken stopping)
    {
        // Wait, not drop: a write that does not fit is refused, and the coalescer keeps that push for later.
        waiting = Channel.CreateBounded<PushJob>(new BoundedChannelOptions(options.QueueSize) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        slots = new SemaphoreSlim(options.ConcurrencyPerOrigin);
        (this.seal, this.send, this.logger) = (seal, send, logger);
        Pumped = Task.Run(() => PumpAsync(stopping), CancellationToken.None);
    }

    /// <summary>Ends when the app stops.</summary>
    public Task Pumped { get; }

    public void Dispose() => slots.Dispose();

    /// <summary>Pushes in this service's queue, not yet encrypted and sent.</summary>
    public int Waiting => waiting.Reader.Count;

    /// <summary>False when the queue is full: the caller keeps the push and offers it again later.</summary>
    public bool TryAdd(PushJob job) => waiting.Writer.TryWrite(job);

    private async Task PumpAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var job in waiting.Reader.ReadAllAsync(stopping))
            {
                SealedPush sealedPush;
                try
                {
                    sealedPush = seal(job);
                }
                catch (Exception exception) when (exception is CryptographicException or ArgumentException or FormatException)
                {
                    // One subscription's unusable key must not stop its push service's queue.
                    logger.LogWarning("A push could not be encrypted ({Exception}); skipped", exception.GetType().Name);
                    continue;
                }

                await slots.WaitAsync(stopping);
                _ = SendAsync(sealedPush, stopping);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is still queued is dropped, as a browser that was offline would lose it.
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
