using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;

namespace Whisper.Web.Moderation;

/// <summary>
/// Login attempts per account, on top of the per-address login limit: guesses spread over many addresses (and nodes)
/// still stop after <see cref="AdminOptions.FailedLoginsPerAccount"/> in a login window. Each attempt is counted before
/// its password is checked, in one step with the check of the count, so parallel guesses cannot all slip in before the
/// first is counted; a right password clears the count. While an account is held even its right password is refused,
/// or the hold would tell a guesser when they found it.
/// </summary>
public sealed class LoginGuard(IFailedLogins failures, IOptions<AdminOptions> options, IOptions<RateLimitOptions> limits, TimeProvider time)
{
    private TimeSpan Window => limits.Value.LoginWindow;

    /// <summary>Counts an attempt at this account; null when it may go on, else how long its logins are still refused.</summary>
    public async Task<TimeSpan?> AttemptAsync(string account)
    {
        // Only names that look like accounts are counted, so made-up names cannot grow this without bound (they never open anything).
        if (!Accounts.IsValidName(account))
        {
            return null;
        }

        var now = time.GetUtcNow();
        return await failures.TryAddAsync(account, now, options.Value.FailedLoginsPerAccount, Window) is { } oldest ? oldest + Window - now : null;
    }

    public Task SucceededAsync(string account) => failures.ClearAsync(account);
}

/// <summary>The moments of an account's recent login attempts: in memory on one node, in Redis over several (<c>Cluster/RedisFailedLogins</c>).</summary>
public interface IFailedLogins
{
    /// <summary>
    /// In one step: forgets attempts older than <paramref name="window"/>, then adds this one unless <paramref name="limit"/>
    /// are left. Null when added; else the moment of the oldest attempt counted (the hold ends a window after it).
    /// </summary>
    Task<DateTimeOffset?> TryAddAsync(string account, DateTimeOffset at, int limit, TimeSpan window);

    Task ClearAsync(string account);
}

public sealed class FailedLoginsInMemory : IFailedLogins
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> attempts = new(StringComparer.Ordinal);

    public Task<DateTimeOffset?> TryAddAsync(string account, DateTimeOffset at, int limit, TimeSpan window)
    {
        var recent = attempts.GetOrAdd(account, _ => new Queue<DateTimeOffset>());
        lock (recent)
        {
            while (recent.Count > 0 && recent.Peek() + window <= at)
            {
                recent.Dequeue();
            }

            if (recent.Count >= limit)
            {
                return Task.FromResult<DateTimeOffset?>(recent.Peek());
            }

            recent.Enqueue(at);
            return Task.FromResult<DateTimeOffset?>(null);
        }
    }

    public Task ClearAsync(string account)
    {
        attempts.TryRemove(account, out _);
        return Task.CompletedTask;
    }
}
