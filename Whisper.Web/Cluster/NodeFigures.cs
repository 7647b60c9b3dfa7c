using System.Diagnostics;
using System.Text.Json;
using StackExchange.Redis;
using Whisper.Web.Hosting;
using Whisper.Web.Metrics;

namespace Whisper.Web.Cluster;

/// <summary>
/// Every node's live figures for the admin's dashboard: every few seconds each node writes its own (counts only),
/// stamped, into one Redis hash that expires by itself, and times that write as the Redis round trip. Without Redis
/// (or while it is away) it is this node alone.
/// </summary>
public sealed class NodeFigures(ClusterConnection cluster, LiveFigures live, WhisperMeter meter, TimeProvider time, ILogger<NodeFigures> logger)
    : PeriodicWork(Interval, time, logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>A node that has not written for this long has stopped: it drops out of the list.</summary>
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private bool warned;

    protected override bool RunsAtStart => true;

    private RedisKey Key => cluster.Key("node-figures");

    /// <summary>This node first, then the others that wrote lately.</summary>
    public async Task<IReadOnlyList<NodeFigure>> EverywhereAsync()
    {
        var here = live.Here(cluster.NodeId);
        if (cluster.Redis is null)
        {
            return [here];
        }

        try
        {
            var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
            var others = (await cluster.Redis.GetDatabase().HashGetAllAsync(Key))
                .Select(field => Parse(field.Value))
                .OfType<Stamped>()
                .Where(s => s.Figure.Node != cluster.NodeId && now - s.At <= Freshness.TotalMilliseconds)
                .Select(s => s.Figure with { IsThisNode = false })
                .OrderBy(f => f.Node, StringComparer.Ordinal);
            return [here, .. others];
        }
        catch (RedisException)
        {
            return [here];
        }
    }

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        if (cluster.Redis is null)
        {
            return;
        }

        var database = cluster.Redis.GetDatabase();
        var stamped = JsonSerializer.Serialize(new Stamped(Clock.GetUtcNow().ToUnixTimeMilliseconds(), live.Here(cluster.NodeId)));
        try
        {
            var started = Stopwatch.GetTimestamp();
            await database.HashSetAsync(Key, cluster.NodeId, stamped);
            meter.RedisRoundTrip.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            await database.KeyExpireAsync(Key, Freshness);
            warned = false;
        }
        catch (RedisException exception) when (!warned)
        {
            // Once per outage, not every 2 seconds: /healthz and the other features already say Redis is away.
            warned = true;
            logger.LogWarning(exception, "Redis cannot be reached: the admin's dashboard shows this node only until it is back");
        }
        catch (RedisException)
        {
            // Still away: said once already.
        }
    }

    private static Stamped? Parse(RedisValue value)
    {
        try
        {
            return value.HasValue ? JsonSerializer.Deserialize<Stamped>((string)value!) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Stamped(long At, NodeFigure Figure);
}
