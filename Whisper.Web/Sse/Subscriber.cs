using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace Whisper.Web.Sse;

/// <summary>
/// One open stream's queue. Bounded: a reader too slow to keep up is evicted rather than allowed to grow
/// memory; its reconnect resumes from the last id it saw.
/// Once its stream has written its opening and <see cref="Attach"/>ed the response, whoever delivers a frame (the
/// room's dispatcher, mostly) writes it straight into the response and flushes, with no thread-pool hop per stream;
/// only a stream whose flush has to wait (its client reads slowly) goes asynchronous, and the frames that reach it
/// meanwhile queue and go out together in its next write.
/// </summary>
public sealed class Subscriber
{
    private readonly Channel<SseFrame> frames;
    private readonly Lock gate = new();

    // Set once by Attach; then only the one thread that owns the pump writes to it, until Detach.
    private PipeWriter? response;
    private bool pumping;
    private bool detached;
    private TaskCompletionSource? pumpStopped;
    private List<DeliveryTiming>? timed;
    private Exception? failure;

    public Subscriber(int capacity, long deliveredUpTo)
    {
        frames = Channel.CreateBounded<SseFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        DeliveredUpTo = deliveredUpTo;
    }

    /// <summary>The language its frames are written in: its request's, as it opened.</summary>
    public CultureInfo Language { get; } = CultureInfo.CurrentUICulture;

    /// <summary>Highest sequence already sent by replay; live frames at or below it are duplicates.</summary>
    public long DeliveredUpTo { get; }

    /// <summary>The queue, for a stream that writes it itself (and for tests): unused once attached.</summary>
    public ChannelReader<SseFrame> Reader => frames.Reader;

    public bool IsEvicted { get; private set; }

    private volatile bool closed;

    /// <summary>Queues a frame, and writes it at once when the stream is attached; false when the subscriber was full and has been evicted.</summary>
    public bool TryDeliver(SseFrame frame)
    {
        var queued = TryQueue(frame);
        WriteQueued();
        return queued;
    }

    /// <summary>
    /// Queues a frame without writing it (a dispatcher queues a batch, then has it written in one go with
    /// <see cref="WriteQueued"/>); false when the subscriber was full and has been evicted.
    /// </summary>
    public bool TryQueue(SseFrame frame)
    {
        if (frame.Sequence is long sequence && sequence <= DeliveredUpTo)
        {
            // Counted as queued by the dispatcher, but already sent by replay: done with it here.
            frame.Timing?.Written();
            return true;
        }

        if (frames.Writer.TryWrite(frame))
        {
            return true;
        }

        // Full (not merely closed by its reader leaving): the reader is too slow, and is cut off.
        if (!closed)
        {
            IsEvicted = true;
        }

        frames.Writer.TryComplete();
        return false;
    }

    /// <summary>Writes what is queued into the attached response, here and now; nothing before the stream attaches.</summary>
    public void WriteQueued()
    {
        if (Volatile.Read(ref response) is not null)
        {
            Pump();
        }
    }

    public void Complete()
    {
        closed = true;
        frames.Writer.TryComplete();
    }

    /// <summary>
    /// From now on frames are written into <paramref name="writer"/> by whoever delivers them, in the stream's
    /// <see cref="Language"/>; frames already queued go out now. Until <see cref="DetachAsync"/>, the caller must not
    /// touch the writer.
    /// </summary>
    public void Attach(PipeWriter writer)
    {
        Volatile.Write(ref response, writer);
        Pump();
    }

    /// <summary>Completes once the queue is completed and everything in it written (or dropped).</summary>
    public Task Finished => frames.Reader.Completion;

    /// <summary>Gives the writer back: no frame is written into it once this completes.</summary>
    public Task DetachAsync()
    {
        lock (gate)
        {
            detached = true;
            if (!pumping)
            {
                return Task.CompletedTask;
            }

            pumpStopped ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return pumpStopped.Task;
        }
    }

    /// <summary>A write found the response closed by the client, or failed: nothing more can be written to it.</summary>
    public bool ClientLeft { get; private set; }

    /// <summary>A write that failed for a reason other than the client leaving, for the stream to report.</summary>
    public Exception? Failure => failure;

    /// <summary>Once the stream has stopped writing: frames left in the queue will never be written.</summary>
    public void DropUnwritten()
    {
        Complete();
        while (frames.Reader.TryRead(out var frame))
        {
            frame.Timing?.Written();
        }
    }

    private void Pump()
    {
        lock (gate)
        {
            if (pumping || detached)
            {
                return;
            }

            pumping = true;
        }

        // Runs here, on the deliverer's thread, until a flush has to wait; then it carries on when the client has read.
        _ = PumpAsync();
    }

    private async Task PumpAsync()
    {
        var writer = response!;
        try
        {
            while (true)
            {
                var wrote = false;
                while (frames.Reader.TryRead(out var frame))
                {
                    writer.Write(frame.TryBytesFor(Language, out var ready) ? ready : await frame.BytesForAsync(Language));
                    wrote = true;
                    if (frame.Timing is { } timing)
                    {
                        (timed ??= []).Add(timing);
                    }
                }

                if (wrote)
                {
                    var flushed = await writer.FlushAsync();
                    WrittenOut();
                    if (flushed.IsCompleted || flushed.IsCanceled)
                    {
                        // The client is gone: nothing more can be written.
                        ClientLeft = true;
                        DropUnwritten();
                    }
                }

                lock (gate)
                {
                    // Checked under the lock a deliverer takes to start a pump: a frame queued after this finds none running.
                    if (frames.Reader.Count == 0 || detached)
                    {
                        StopPumping();
                        return;
                    }
                }
            }
        }
        catch (Exception exception)
        {
            if (exception is not (OperationCanceledException or IOException or ObjectDisposedException))
            {
                failure = exception;
            }

            // Whatever broke the write, nothing more goes into this response, the stopping node's last word included.
            ClientLeft = true;

            WrittenOut();
            DropUnwritten();
            lock (gate)
            {
                StopPumping();
            }
        }
    }

    private void WrittenOut()
    {
        if (timed is { Count: > 0 })
        {
            timed.ForEach(t => t.Written());
            timed.Clear();
        }
    }

    private void StopPumping()
    {
        pumping = false;
        pumpStopped?.TrySetResult();
    }
}
