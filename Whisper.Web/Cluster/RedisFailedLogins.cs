using StackExchange.Redis;
using Whisper.Web.Moderation;

namespace Whisper.Web.Cluster;

/// <summary>
/// An account's recent wrong passwords over all nodes: a sorted set of moments per moderation account (an account's
/// name, never an address), trimmed to the latest few and expiring with the login window.
/// </summary>
public sealed class RedisFailedLogins(ClusterConnection cluster) : IFailedLogins
{
    public async Task<IReadOnlyList<DateTimeOffset>> SinceAsync(string account, DateTimeOffset after)
    {
        var moments = await Run(db => db.SortedSetRangeByScoreAsync(Key(account), after.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start));
        return [.. moments.Select(m => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(((string)m!).Split(':')[0], System.Globalization.CultureInfo.InvariantCulture)))];
    }

    public Task AddAsync(string account, DateTimeOffset at, int keep, TimeSpan window) => Run(async db =>
    {
        var ms = at.ToUnixTimeMilliseconds();
        // Two failures in one millisecond on two nodes are two failures: the member carries a random tail.
        await db.SortedSetAddAsync(Key(account), $"{ms}:{Guid.NewGuid():n}", ms);
        await db.SortedSetRemoveRangeByRankAsync(Key(account), 0, -keep - 1);
        await db.KeyExpireAsync(Key(account), window);
        return true;
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
