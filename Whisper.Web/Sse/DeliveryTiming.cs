using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Whisper.Web.Sse;

/// <summary>
/// Times one room entry from the moment it was accepted to the moment the last stream that queued it has written it,
/// and records that once. Streams report as they write (or give up on it when they close); the dispatcher adds how
/// many queued it after its loop. The count starts at zero and goes negative while streams finish first, so it
/// reaches zero exactly once: after the dispatcher's add and the last stream's report, whichever comes second.
/// </summary>
public sealed class DeliveryTiming(Histogram<double> latency)
{
    private readonly long accepted = Stopwatch.GetTimestamp();
    private int pending;

    /// <summary>The dispatcher handed the frame to this many streams' queues.</summary>
    public void Dispatched(int streams)
    {
        // Nobody to deliver to: a zero here would only pull the histogram toward an instant nobody saw.
        if (streams == 0)
        {
            return;
        }

        if (Interlocked.Add(ref pending, streams) == 0)
        {
            Record();
        }
    }

    /// <summary>One stream is done with the frame: written and flushed, or dropped as the stream closed.</summary>
    public void Written()
    {
        if (Interlocked.Decrement(ref pending) == 0)
        {
            Record();
        }
    }

    private void Record() => latency.Record(Stopwatch.GetElapsedTime(accepted).TotalSeconds);
}
