using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;

namespace Whisper.Web.Moderation;

/// <summary>
/// Wrong passwords per account, on top of the per-address login limit: guesses spread over many addresses still stop
/// after <see cref="AdminOptions.FailedLoginsPerAccount"/> in a login window. While an account is held even its right
/// password is refused, or the hold would tell a guesser when they found it. Held in memory, per node.
/// </summary>
public sealed class LoginGuard(IOptions<AdminOptions> options, IOptions<RateLimitOptions> limits, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> failures = new(StringComparer.Ordinal);

    /// <summary>How long this account's logins are still refused, or null when it may try.</summary>
    public TimeSpan? HeldFor(string account)
    {
        if (!failures.TryGetValue(account, out var recent))
        {
            return null;
        }

        lock (recent)
        {
            var now = time.GetUtcNow();
            while (recent.Count > 0 && recent.Peek() + limits.Value.LoginWindow <= now)
            {
                recent.Dequeue();
            }

            return recent.Count >= options.Value.FailedLoginsPerAccount ? recent.Peek() + limits.Value.LoginWindow - now : null;
        }
    }

    public void Failed(string account)
    {
        // Only names that look like accounts are counted, so made-up names cannot grow this without bound.
        if (!Accounts.IsValidName(account))
        {
            return;
        }

        var recent = failures.GetOrAdd(account, _ => new Queue<DateTimeOffset>());
        lock (recent)
        {
            recent.Enqueue(time.GetUtcNow());
            while (recent.Count > options.Value.FailedLoginsPerAccount)
            {
                recent.Dequeue();
            }
        }
    }

    public void Succeeded(string account) => failures.TryRemove(account, out _);
}
