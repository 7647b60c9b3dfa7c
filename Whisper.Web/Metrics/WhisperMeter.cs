using System.Diagnostics.Metrics;

namespace Whisper.Web.Metrics;

/// <summary>The kinds of live stream, the only tag an open stream carries.</summary>
public enum StreamKind
{
    Room,
    Talk,

    /// <summary>A moderator's stream of the messages held for review in a room.</summary>
    Team,
}

/// <summary>
/// Whisper's own figures, one instrument each, exported at <c>/metrics</c> beside ASP.NET Core's and Kestrel's. Privacy:
/// every tag comes from a fixed set written in this code (a stream's kind, a rate limit's policy name), never from a
/// request, so no name, address, room or text can become a label.
/// </summary>
public sealed class WhisperMeter
{
    public const string MeterName = "Whisper";

    /// <summary>Delivery and Redis times span a millisecond to seconds; the SDK's default buckets are for milliseconds.</summary>
    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter meter;
    private readonly long[] openStreams = new long[Enum.GetValues<StreamKind>().Length];
    private readonly Counter<long> messagesPosted;
    private readonly Counter<long> cutOff;
    private readonly Counter<long> refusals;

    public WhisperMeter(IMeterFactory factory, TimeProvider time)
    {
        meter = factory.Create(MeterName);
        MessagesLastMinute = new MinuteCount(time);
        meter.CreateObservableUpDownCounter("whisper.streams.open", ObserveOpenStreams, "{stream}", "Live streams open on this node, by kind (room, talk, team)");
        messagesPosted = meter.CreateCounter<long>("whisper.messages.posted", "{message}", "Room messages posted through this node");
        FanOut = meter.CreateCounter<long>("whisper.fanout.deliveries", "{frame}", "Frames handed to room streams' queues");
        DeliveryLatency = meter.CreateHistogram("whisper.delivery.latency", "s", "From a room entry accepted on this node to the last of its streams here written", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        cutOff = meter.CreateCounter<long>("whisper.streams.cut_off", "{stream}", "Streams disconnected because their reader could not keep up, by kind");
        PushSent = meter.CreateCounter<long>("whisper.push.sent", "{push}", "Pushes the push services accepted");
        PushFailed = meter.CreateCounter<long>("whisper.push.failed", "{push}", "Pushes given up: refused, or still failing after every attempt");
        PushRetried = meter.CreateCounter<long>("whisper.push.retried", "{attempt}", "Push attempts repeated after a 429, a 5xx or no answer");
        StrangerMatches = meter.CreateCounter<long>("whisper.strangers.matches", "{match}", "Stranger-chat pairs made by this node");
        refusals = meter.CreateCounter<long>("whisper.rate_limit.refusals", "{request}", "Requests refused by a rate limit (by policy) or an address block (policy blocked)");
        Blocks = meter.CreateCounter<long>("whisper.rate_limit.blocks", "{block}", "Addresses blocked for repeated refusals");
        Uploads = meter.CreateCounter<long>("whisper.uploads", "{file}", "Files shared in rooms");
        RedisRoundTrip = meter.CreateHistogram("whisper.redis.round_trip", "s", "Time of a Redis round trip, measured every few seconds when clustered", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
    }

    public Counter<long> FanOut { get; }

    public Histogram<double> DeliveryLatency { get; }

    public Counter<long> PushSent { get; }

    public Counter<long> PushFailed { get; }

    public Counter<long> PushRetried { get; }

    public Counter<long> StrangerMatches { get; }

    public Counter<long> Blocks { get; }

    public Counter<long> Uploads { get; }

    public Histogram<double> RedisRoundTrip { get; }

    /// <summary>Room messages posted through this node in the last minute, for the admin's dashboard.</summary>
    public MinuteCount MessagesLastMinute { get; }

    public long OpenStreams(StreamKind kind) => Interlocked.Read(ref openStreams[(int)kind]);

    public void MessagePosted()
    {
        messagesPosted.Add(1);
        MessagesLastMinute.Add();
    }

    /// <summary>Counts the stream while it is open; disposing it counts it closed.</summary>
    public IDisposable StreamOpened(StreamKind kind)
    {
        Interlocked.Increment(ref openStreams[(int)kind]);
        return new OpenStream(this, kind);
    }

    public void CutOff(StreamKind kind) => cutOff.Add(1, Kind(kind));

    /// <summary><paramref name="policy"/> is one of the rate limiter's policy names (constants), or "blocked".</summary>
    public void Refused(string policy) => refusals.Add(1, new KeyValuePair<string, object?>("policy", policy));

    /// <summary>A gauge read when scraped, for a figure its feature already holds (a queue's length, the bytes on disk).</summary>
    public void Gauge(string name, string unit, string description, Func<long> read) => meter.CreateObservableGauge(name, read, unit, description);

    /// <summary>A counter read when scraped, for a total its feature already keeps.</summary>
    public void Total(string name, string unit, string description, Func<long> read) => meter.CreateObservableCounter(name, read, unit, description);

    private IEnumerable<Measurement<long>> ObserveOpenStreams() =>
        Enum.GetValues<StreamKind>().Select(kind => new Measurement<long>(OpenStreams(kind), Kind(kind)));

    private static KeyValuePair<string, object?> Kind(StreamKind kind) => new("kind", kind.ToString().ToLowerInvariant());

    private sealed class OpenStream(WhisperMeter owner, StreamKind kind) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner.openStreams[(int)kind]);
            }
        }
    }
}
