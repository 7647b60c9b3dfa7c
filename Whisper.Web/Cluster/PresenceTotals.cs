using System.Globalization;
using StackExchange.Redis;

namespace Whisper.Web.Cluster;

/// <summary>
/// Online counts over all nodes. Each node writes its own count per room, stamped with the time, into one Redis
/// hash on every tick and sums the fresh ones; a node that stopped ticking drops out of the totals by itself.
/// Without Redis (or while it is away) the totals are this node's own counts.
/// </summary>
public sealed class PresenceTotals(ClusterConnection cluster, TimeProvider time, ILogger<PresenceTotals> logger)
{
    /// <summary>How long a node's count stands without being written again.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private bool warned;

    public async Task<IReadOnlyDictionary<string, int>> TotalsAsync(IReadOnlyDictionary<string, int> here)
    {
        if (cluster.Redis is null)
        {
            return here;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var key = cluster.Key("presence");
        try
        {
            var database = cluster.Redis.GetDatabase();
            if (here.Count > 0)
            {
                await database.HashSetAsync(key, [.. here.Select(r => new HashEntry($"{r.Key}\n{cluster.NodeId}", $"{r.Value}\n{now}"))]);
            }

            var totals = here.Keys.ToDictionary(r => r, _ => 0, StringComparer.OrdinalIgnoreCase);
            var stale = new List<RedisValue>();
            foreach (var field in await database.HashGetAllAsync(key))
            {
                if (Parse(field) is not var (room, count, at))
                {
                    continue;
                }

                if (now - at > Freshness.TotalMilliseconds)
                {
                    stale.Add(field.Name);
                }
                else if (totals.ContainsKey(room))
                {
                    totals[room] += count;
                }
            }

            if (stale.Count > 0)
            {
                await database.HashDeleteAsync(key, [.. stale]);
            }

            warned = false;
            return totals;
        }
        catch (RedisException exception)
        {
            if (!warned)
            {
                warned = true;
                logger.LogWarning(exception, "Redis cannot be reached: online counts are this node's only until it is back");
            }

            return here;
        }
    }

    private static (string Room, int Count, long At)? Parse(HashEntry field)
    {
        var name = (string)field.Name!;
        var value = ((string)field.Value!).Split('\n');
        return name.IndexOf('\n', StringComparison.Ordinal) is > 0 and var split && value.Length == 2
            && int.TryParse(value[0], CultureInfo.InvariantCulture, out var count) && long.TryParse(value[1], CultureInfo.InvariantCulture, out var at)
            ? (name[..split], count, at)
            : null;
    }
}
