using StackExchange.Redis;

namespace Whisper.Web.Cluster;

/// <summary>
/// Tells the other nodes that something they mirror in memory changed (room settings, bans, push subscriptions).
/// Without Redis there are no other nodes and this does nothing. Each topic's handler reloads from the database,
/// so it is also run after a lost connection comes back: whatever was missed meanwhile is picked up.
/// </summary>
public sealed class ClusterBus(ClusterConnection cluster, ILogger<ClusterBus> logger)
{
    public async Task PublishAsync(string topic, string detail = "")
    {
        if (cluster.Redis is null)
        {
            return;
        }

        try
        {
            await cluster.Redis.GetSubscriber().PublishAsync(cluster.Channel("changed:" + topic), cluster.NodeId + "\n" + detail);
        }
        catch (RedisException exception)
        {
            // The change is saved; other nodes reload everything when their connection comes back.
            logger.LogWarning(exception, "Could not tell the other nodes that {Topic} changed", topic);
        }
    }

    /// <summary>Runs <paramref name="changed"/> with the detail of each change another node makes, one at a time.</summary>
    public void On(string topic, Func<string, Task> changed)
    {
        if (cluster.Redis is null)
        {
            return;
        }

        cluster.Redis.GetSubscriber().Subscribe(cluster.Channel("changed:" + topic)).OnMessage(async message =>
        {
            var text = (string)message.Message!;
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            if (split < 0 || text.AsSpan(0, split).SequenceEqual(cluster.NodeId))
            {
                return;
            }

            await RunAsync(topic, changed, text[(split + 1)..]);
        });
        cluster.OnReconnected(() => RunAsync(topic, changed, ""));
    }

    private async Task RunAsync(string topic, Func<string, Task> changed, string detail)
    {
        try
        {
            await changed(detail);
        }
        catch (Exception exception) when (exception is RedisException or System.Data.Common.DbException or TimeoutException)
        {
            logger.LogError(exception, "Could not apply another node's change to {Topic}", topic);
        }
    }
}
