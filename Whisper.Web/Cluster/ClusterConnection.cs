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
