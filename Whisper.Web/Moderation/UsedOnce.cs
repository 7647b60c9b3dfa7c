using System.Collections.Concurrent;

namespace Whisper.Web.Moderation;

/// <summary>
/// Remembers keys that may be used once (the raid shield's solved challenges) until they would have expired anyway.
/// One node keeps them in memory; several nodes share them through Redis (<c>Cluster/RedisUsedOnce</c>), so a solution
/// accepted by one node is refused by every other.
/// </summary>
public interface IUsedOnce
{
    /// <summary>True the first time <paramref name="key"/> is used before <paramref name="until"/>, false after.</summary>
    Task<bool> TryUseAsync(string key, DateTimeOffset until);
}

public sealed class UsedOnceInMemory(TimeProvider time) : IUsedOnce
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> used = new(StringComparer.Ordinal);

    public Task<bool> TryUseAsync(string key, DateTimeOffset until)
    {
        var now = time.GetUtcNow();
        foreach (var (old, expires) in used)
        {
            if (expires < now)
            {
                used.TryRemove(new KeyValuePair<string, DateTimeOffset>(old, expires));
            }
        }

        return Task.FromResult(used.TryAdd(key, until));
    }
}
