using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using Whisper.Web.Hosting;
using Whisper.Web.Metrics;

namespace Whisper.Web.Cluster;

/// <summary>One node's open streams, as the admin's dashboard lists them.</summary>
public sealed record NodeFigure(string Node, long Streams, bool IsThisNode);

/// <summary>
/// How many streams each node holds: every few seconds each node writes its count, stamped, into one Redis hash that
/// expires by itself, and times that write as the Redis round trip. A count is a number only: nothing of who holds
/// the streams. Without Redis (or while it is away) it is this node alone.
/// </summary>
public sealed class NodeStreams(ClusterConnection cluster, WhisperMeter meter, TimeProvider time, ILogger<NodeStreams> logger)
    : PeriodicWork(Interval, time, logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>A node that has not written for this long has stopped: it drops out of the list.</summary>
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    protected override bool RunsAtStart => true;

    private long Here => meter.OpenStreams(StreamKind.Room) + meter.OpenStreams(StreamKind.Talk);

    public async Task<IReadOnlyList<NodeFigure>> EverywhereAsync()
    {
        var own = new NodeFigure(cluster.NodeId, Here, true);
        if (cluster.Redis is null)
        {
            return [own];
        }

        try
        {
            var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
            var others = (await cluster.Redis.GetDatabase().HashGetAllAsync(cluster.Key("node-streams")))
                .Select(Parse)
                .OfType<(string Node, long At, long Streams)>()
                .Where(n => n.Node != cluster.NodeId && now - n.At <= Freshness.TotalMilliseconds)
                .Select(n => new NodeFigure(n.Node, n.Streams, false));
            return [own, .. others.OrderBy(n => n.Node, StringComparer.Ordinal)];
        }
        catch (RedisException)
        {
            return [own];
        }
    }

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        if (cluster.Redis is null)
        {
            return;
        }

        var key = cluster.Key("node-streams");
        var database = cluster.Redis.GetDatabase();
        var started = Stopwatch.GetTimestamp();
        await database.HashSetAsync(key, cluster.NodeId, $"{Clock.GetUtcNow().ToUnixTimeMilliseconds()}\n{Here}");
        meter.RedisRoundTrip.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        await database.KeyExpireAsync(key, Freshness);
    }

    private static (string Node, long At, long Streams)? Parse(HashEntry field)
    {
        var parts = ((string?)field.Value ?? "").Split('\n');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var streams)
                ? ((string)field.Name!, at, streams)
                : null;
    }
}
