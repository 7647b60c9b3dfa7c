using StackExchange.Redis;
using Whisper.Web.Moderation;

namespace Whisper.Web.Cluster;

/// <summary>
/// Keys used once over all nodes: a SET NX that expires when the key would have expired anyway, so a raid shield
/// solution accepted by one node is refused by every other. The key is a random challenge's nonce, nothing about a person.
/// </summary>
public sealed class RedisUsedOnce(ClusterConnection cluster, TimeProvider time) : IUsedOnce
{
    public async Task<bool> TryUseAsync(string key, DateTimeOffset until)
    {
        var keep = until - time.GetUtcNow();
        try
        {
            return keep > TimeSpan.Zero && await cluster.Redis!.GetDatabase().StringSetAsync(cluster.Key("used:" + key), 1, keep, When.NotExists);
        }
        catch (RedisException exception)
        {
            // Accepting unchecked would let one solution open every node; refusing asks only for a retry.
            throw new ClusterUnavailableException("Redis cannot be reached, so the raid shield cannot check this join form.", exception);
        }
    }
}
