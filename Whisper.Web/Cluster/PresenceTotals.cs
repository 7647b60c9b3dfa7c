using System.Globalization;
using StackExchange.Redis;

namespace Whisper.Web.Cluster;

/// <summary>
/// Who is in each room over all nodes, in people: a name with tabs on two nodes is one person. On every tick each node
/// writes, per room, the joined names it holds a stream for (names are public: every room's people list shows them),
/// stamped with the time, into one Redis hash that expires within seconds, and reads the distinct names of the fresh
/// entries; a node that stopped ticking drops out by itself. Without Redis (or while it is away) it is this node's people.
/// </summary>
public sealed class PresenceTotals(ClusterConnection cluster, TimeProvider time, ILogger<PresenceTotals> logger)
{
    /// <summary>How long a node's list stands without being written again.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private bool warned;

    public async Task<IReadOnlyDictionary<string, IReadOnlyCollection<string>>> EverywhereAsync(IReadOnlyDictionary<string, IReadOnlyCollection<string>> peopleHere)
    {
        var own = new Dictionary<string, IReadOnlyCollection<string>>(peopleHere, StringComparer.OrdinalIgnoreCase);
        if (cluster.Redis is null)
        {
            return own;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var key = cluster.Key("presence");
        try
        {
            var database = cluster.Redis.GetDatabase();
            if (peopleHere.Count > 0)
            {
                await database.HashSetAsync(key, [.. peopleHere.Select(r => new HashEntry($"{r.Key}\n{cluster.NodeId}", $"{now}\n{string.Join(',', r.Value)}"))]);
                // Gone by itself when every node has stopped, not only when a running one sweeps it.
                await database.KeyExpireAsync(key, Freshness);
            }

            var people = peopleHere.Keys.ToDictionary(r => r, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
            var stale = new List<RedisValue>();
            foreach (var field in await database.HashGetAllAsync(key))
            {
                if (Parse(field) is not var (room, at, names))
                {
                    continue;
                }

                if (now - at > Freshness.TotalMilliseconds)
                {
                    stale.Add(field.Name);
                }
                else if (people.TryGetValue(room, out var inRoom))
                {
                    inRoom.UnionWith(names);
                }
            }

            if (stale.Count > 0)
            {
                await database.HashDeleteAsync(key, [.. stale]);
            }

            warned = false;
            return people.ToDictionary(r => r.Key, r => (IReadOnlyCollection<string>)r.Value, StringComparer.OrdinalIgnoreCase);
        }
        catch (RedisException exception)
        {
            if (!warned)
            {
                warned = true;
                logger.LogWarning(exception, "Redis cannot be reached: online counts are this node's only until it is back");
            }

            return own;
        }
    }

    private static (string Room, long At, string[] Names)? Parse(HashEntry field)
    {
        var name = (string)field.Name!;
        var value = (string)field.Value!;
        var split = name.IndexOf('\n', StringComparison.Ordinal);
        var stamp = value.IndexOf('\n', StringComparison.Ordinal);
        return split > 0 && stamp > 0 && long.TryParse(value.AsSpan(0, stamp), NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            ? (name[..split], at, value[(stamp + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            : null;
    }
}
