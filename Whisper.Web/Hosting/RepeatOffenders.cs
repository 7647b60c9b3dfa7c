using Microsoft.Extensions.Options;
using Whisper.Web.Privacy;

namespace Whisper.Web.Hosting;

/// <summary>
/// Blocks an address that keeps hitting rate limits, for longer each time (1 min, 10 min, 1 h by default).
/// Blocks live on the in-memory address entry, which is kept while its block runs.
/// </summary>
public sealed class RepeatOffenders(ClientAddresses addresses, IOptions<RateLimitOptions> options, TimeProvider time, Metrics.WhisperMeter? meter = null)
{
    /// <summary>Counts a refused request; blocks the address when it crossed the threshold within the window.</summary>
    public void Strike(ClientAddress address)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        lock (address.Strikes)
        {
            address.Strikes.Enqueue(now);
            while (address.Strikes.TryPeek(out var oldest) && oldest <= now - settings.OffenderWindow)
            {
                address.Strikes.Dequeue();
            }

            if (address.Strikes.Count < settings.OffenderThreshold || BlockedFor(address) is not null)
            {
                return;
            }

            var escalation = settings.Escalation;
            address.BlockedUntil = now + escalation[Math.Min(address.BlockLevel, escalation.Count - 1)];
            address.BlockLevel++;
            meter?.Blocks.Add(1);
            address.Strikes.Clear();
        }
    }

    /// <summary>How long the address stays blocked, or null when it is not.</summary>
    public TimeSpan? BlockedFor(ClientAddress address)
    {
        var left = address.BlockedUntil - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    public IEnumerable<ClientAddress> Blocked => addresses.All.Where(a => BlockedFor(a) is not null);

    /// <summary>An admin lifts a block; the escalation level stays, so a relapse is blocked longer.</summary>
    public bool Lift(long key)
    {
        if (addresses.FindByKey(key) is not { } address)
        {
            return false;
        }

        address.BlockedUntil = null;
        return true;
    }
}
