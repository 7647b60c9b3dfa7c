using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Whisper.Web.Cluster;

/// <summary>
/// This node's link to the others: the Redis connection when one is configured (null otherwise), this node's
/// random id, and the names of the keys and channels under the configured prefix.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private readonly string prefix;

    public ClusterConnection(IOptions<ClusterOptions> options)
    {
        prefix = options.Value.Prefix;
        if (options.Value.IsShared)
        {
            var configuration = ConfigurationOptions.Parse(options.Value.Configuration);
            // Start (and keep running) while Redis is away; commands fail fast and the connection comes back by itself.
            configuration.AbortOnConnectFail = false;
            configuration.ClientName = "whisper-" + NodeId;
            Redis = ConnectionMultiplexer.Connect(configuration);
        }
    }

    /// <summary>Random for each run of the process: names this node's presence counts and stranger sessions.</summary>
    public string NodeId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public IConnectionMultiplexer? Redis { get; }

    public RedisKey Key(string name) => $"{prefix}:{name}";

    public RedisChannel Channel(string name) => RedisChannel.Literal($"{prefix}:{name}");

    /// <summary>
    /// A room's channel, tagged like its keys: on a Redis Cluster a sharded channel (SPUBLISH, SSUBSCRIBE), carried by
    /// the primary of the room's slot only, so a node hears its rooms without the whole cluster relaying every room.
    /// </summary>
    public RedisChannel RoomChannel(string room) => ShardChannel($"room:{{{room}}}");

    /// <summary>
    /// A channel one shard carries: sharded on a cluster, where a plain PUBLISH would go to every node and count only
    /// the subscribers of the node it reached (a stranger's node would look gone); a plain channel on a single Redis.
    /// </summary>
    public RedisChannel ShardChannel(string name) => IsCluster ? RedisChannel.Sharded($"{prefix}:{name}") : RedisChannel.Literal($"{prefix}:{name}");

    /// <summary>The command that publishes on <see cref="RoomChannel"/> from a script.</summary>
    public string RoomPublish => IsCluster ? "SPUBLISH" : "PUBLISH";

    /// <summary>Whether the configured Redis is a cluster; known once some server answered (a single Redis until then).</summary>
    public bool IsCluster
    {
        get
        {
            if (clusterKnown.HasValue || Redis is null)
            {
                return clusterKnown == true;
            }

            var servers = Redis.GetServers().Where(s => s.IsConnected).ToList();
            if (servers.Count > 0)
            {
                clusterKnown = servers.Any(s => s.ServerType == ServerType.Cluster);
            }

            return clusterKnown ?? false;
        }
    }

    private bool? clusterKnown;

    /// <summary>Runs <paramref name="restored"/> whenever the subscription connection comes back after a loss.</summary>
    public void OnReconnected(Func<Task> restored)
    {
        if (Redis is null)
        {
            return;
        }

        Redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                _ = restored();
            }
        };
    }

    public void Dispose() => Redis?.Dispose();
}
