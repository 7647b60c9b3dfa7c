using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Hosting;

/// <summary>Section <c>Whisper:RateLimits</c>: flood control. Address-wide limits are generous because many people can share one address.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Whisper:RateLimits";

    /// <summary>False turns every limit and block off, for load tests and benchmarks.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// IPv6 clients are limited, blocked and banned by their network of this many leading bits (a home or a phone
    /// gets a whole /64, so one address each would be one limit per request); IPv4 clients by their address.
    /// </summary>
    [Range(32, 128)]
    public int Ipv6PrefixLength { get; set; } = 64;

    /// <summary>Client addresses (or IPv6 networks) held in memory at most; past it the oldest without a block or ban go.</summary>
    [Range(100, 10_000_000)]
    public int MaxAddresses { get; set; } = 100_000;

    /// <summary>Messages a name may post per <see cref="MessageWindow"/>, sustained.</summary>
    [Range(1, 10_000)]
    public int MessagesPerWindow { get; set; } = 5;

    public TimeSpan MessageWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages a name may post at once after a quiet spell.</summary>
    [Range(1, 10_000)]
    public int MessageBurst { get; set; } = 10;

    /// <summary>Any form posts from one address per minute, whichever names they use.</summary>
    [Range(1, 100_000)]
    public int PostsPerAddressPerMinute { get; set; } = 120;

    [Range(1, 10_000)]
    public int UploadsPerMinute { get; set; } = 5;

    /// <summary>
    /// Reactions and deletions of one's own messages one name may send per minute: their own budget, so toggling
    /// reactions never uses up posting, and deleting is limited too.
    /// </summary>
    [Range(1, 10_000)]
    public int ChangesPerMinute { get; set; } = 60;

    /// <summary>New names issued to one address per hour.</summary>
    [Range(1, 100_000)]
    public int JoinsPerHour { get; set; } = 10;

    /// <summary>Live streams one address may hold open at once.</summary>
    [Range(1, 100_000)]
    public int StreamsPerAddress { get; set; } = 20;

    [Range(1, 10_000)]
    public int StrangerQueueJoinsPerMinute { get; set; } = 10;

    [Range(1, 10_000)]
    public int ReportsPerHour { get; set; } = 20;

    /// <summary>WebRTC signals (offers, answers, ICE candidates) one address may send per minute in the stranger chat.</summary>
    [Range(1, 100_000)]
    public int SignalsPerMinute { get; set; } = 300;

    /// <summary>Transfer codes one address may try per hour: with 50-bit codes, guessing is hopeless.</summary>
    [Range(1, 10_000)]
    public int TransferAttemptsPerHour { get; set; } = 10;

    /// <summary>Admin password attempts from one address per <see cref="LoginWindow"/>.</summary>
    [Range(1, 1_000)]
    public int LoginAttempts { get; set; } = 5;

    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Refused requests within <see cref="OffenderWindow"/> after which an address is blocked.</summary>
    [Range(1, 100_000)]
    public int OffenderThreshold { get; set; } = 20;

    public TimeSpan OffenderWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long each successive block lasts; the last one repeats.</summary>
    public List<TimeSpan> BlockDurations { get; set; } = [];

    /// <summary>The escalation used when <see cref="BlockDurations"/> is not configured.</summary>
    public static readonly TimeSpan[] DefaultBlockDurations = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    public IReadOnlyList<TimeSpan> Escalation => BlockDurations.Count > 0 ? BlockDurations : DefaultBlockDurations;

    public bool AreValid() =>
        MessageWindow > TimeSpan.Zero && LoginWindow > TimeSpan.Zero && OffenderWindow > TimeSpan.Zero
        && MessageBurst >= MessagesPerWindow && Escalation.All(d => d > TimeSpan.Zero && d <= Privacy.ClientAddresses.LongestHold);
}
