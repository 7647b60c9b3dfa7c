using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;

namespace Whisper.Web.Moderation;

/// <summary>
/// Wrong passwords per account, on top of the per-address login limit: guesses spread over many addresses (and nodes)
/// still stop after <see cref="AdminOptions.FailedLoginsPerAccount"/> in a login window. While an account is held even
/// its right password is refused, or the hold would tell a guesser when they found it.
/// </summary>
public sealed class LoginGuard(IFailedLogins failures, IOptions<AdminOptions> options, IOptions<RateLimitOptions> limits, TimeProvider time)
{
    private TimeSpan Window => limits.Value.LoginWindow;

    /// <summary>How long this account's logins are still refused, or null when it may try.</summary>
    public async Task<TimeSpan?> HeldForAsync(string account)
    {
        var now = time.GetUtcNow();
        var recent = await failures.SinceAsync(account, now - Window);
        return recent.Count >= options.Value.FailedLoginsPerAccount ? recent.Min() + Window - now : null;
    }

    public async Task FailedAsync(string account)
    {
        // Only names that look like accounts are counted, so made-up names cannot grow this without bound.
        if (Accounts.IsValidName(account))
        {
            await failures.AddAsync(account, time.GetUtcNow(), options.Value.FailedLoginsPerAccount, Window);
        }
    }

    public Task SucceededAsync(string account) => failures.ClearAsync(account);
}

/// <summary>The moments of an account's recent wrong passwords: in memory on one node, in Redis over several (<c>Cluster/RedisFailedLogins</c>).</summary>
public interface IFailedLogins
{
    Task<IReadOnlyList<DateTimeOffset>> SinceAsync(string account, DateTimeOffset after);

    /// <summary>Adds a failure, keeping the latest <paramref name="keep"/> and none for longer than <paramref name="window"/>.</summary>
    Task AddAsync(string account, DateTimeOffset at, int keep, TimeSpan window);

    Task ClearAsync(string account);
}

public sealed class FailedLoginsInMemory : IFailedLogins
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> failures = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<DateTimeOffset>> SinceAsync(string account, DateTimeOffset after)
    {
        if (!failures.TryGetValue(account, out var recent))
        {
            return Task.FromResult<IReadOnlyList<DateTimeOffset>>([]);
        }

        lock (recent)
        {
            return Task.FromResult<IReadOnlyList<DateTimeOffset>>([.. recent.Where(at => at > after)]);
        }
    }

    public Task AddAsync(string account, DateTimeOffset at, int keep, TimeSpan window)
    {
        var recent = failures.GetOrAdd(account, _ => new Queue<DateTimeOffset>());
        lock (recent)
        {
            recent.Enqueue(at);
            while (recent.Count > keep || recent.Peek() + window <= at)
            {
                recent.Dequeue();
            }
        }

        return Task.CompletedTask;
    }

    public Task ClearAsync(string account)
    {
        failures.TryRemove(account, out _);
        return Task.CompletedTask;
    }
}
