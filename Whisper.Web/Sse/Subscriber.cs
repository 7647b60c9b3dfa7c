using System.Threading.Channels;

namespace Whisper.Web.Sse;

/// <summary>
/// One open stream's queue. Bounded: a reader too slow to keep up is evicted rather than allowed to grow
/// memory; its reconnect resumes from the last id it saw.
/// </summary>
public sealed class Subscriber
{
    private readonly Channel<SseFrame> frames;

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

    /// <summary>Highest sequence already sent by replay; live frames at or below it are duplicates.</summary>
    public long DeliveredUpTo { get; }

    public ChannelReader<SseFrame> Reader => frames.Reader;

    public bool IsEvicted { get; private set; }

    private volatile bool closed;

    /// <summary>Queues a frame; false when the subscriber was full and has been evicted.</summary>
    public bool TryDeliver(SseFrame frame)
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

    public void Complete()
    {
        closed = true;
        frames.Writer.TryComplete();
    }

    /// <summary>Once the stream has stopped writing: frames left in the queue will never be written.</summary>
    public void DropUnwritten()
    {
        Complete();
        while (frames.Reader.TryRead(out var frame))
        {
            frame.Timing?.Written();
        }
    }
}
