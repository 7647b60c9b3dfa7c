using StackExchange.Redis;
using Whisper.Web.Moderation;

namespace Whisper.Web.Cluster;

/// <summary>
/// An account's recent login attempts over all nodes: a sorted set of moments per moderation account (an account's
/// name, never an address), expiring with the login window. Trimming, counting and adding are one script, so parallel
/// attempts on several nodes are counted one after the other.
/// </summary>
public sealed class RedisFailedLogins(ClusterConnection cluster) : IFailedLogins
{
    // KEYS[1] the account's set; ARGV: forget up to this moment, now, the limit, a unique member, the window in ms.
    private const string TryAddScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
          return redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
        end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return false
        """;

    public Task<DateTimeOffset?> TryAddAsync(string account, DateTimeOffset at, int limit, TimeSpan window) => Run(async db =>
    {
        var ms = at.ToUnixTimeMilliseconds();
        // Two attempts in one millisecond on two nodes are two attempts: the member carries a random tail.
        var oldest = await db.ScriptEvaluateAsync(TryAddScript, [Key(account)],
            [ms - (long)window.TotalMilliseconds, ms, limit, $"{ms}:{Guid.NewGuid():n}", (long)window.TotalMilliseconds]);
        return oldest.IsNull ? (DateTimeOffset?)null
            : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)oldest!, System.Globalization.CultureInfo.InvariantCulture));
    });

    public Task ClearAsync(string account) => Run(db => db.KeyDeleteAsync(Key(account)));

    private RedisKey Key(string account) => cluster.Key("failed-logins:" + account);

    private async Task<T> Run<T>(Func<IDatabase, Task<T>> command)
    {
        try
        {
            return await command(cluster.Redis!.GetDatabase());
        }
        catch (RedisException exception)
        {
            throw new ClusterUnavailableException("Redis cannot be reached, so logins cannot be counted.", exception);
        }
    }
}
