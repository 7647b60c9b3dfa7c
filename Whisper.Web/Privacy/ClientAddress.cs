using System.Net;

namespace Whisper.Web.Privacy;

/// <summary>
/// What the server knows about one client address, in memory only. Rate limiters partition by <see cref="Key"/>,
/// a random number, so the address itself sits here and nowhere else and vanishes when this entry is forgotten.
/// </summary>
public sealed class ClientAddress(IPAddress address, long key, DateTimeOffset seenAt)
{
    private int openConnections;

    public IPAddress Address { get; } = address;

    /// <summary>Opaque stand-in for the address, for anything that needs a partition or lookup key.</summary>
    public long Key { get; } = key;

    public DateTimeOffset LastSeen { get; internal set; } = seenAt;

    /// <summary>The last name that used this address; lets a ban reach the address while it is still known.</summary>
    public string? LastName { get; internal set; }

    public int OpenConnections => Volatile.Read(ref openConnections);

    /// <summary>Escalating block for an address that keeps hitting rate limits; null when not blocked.</summary>
    public DateTimeOffset? BlockedUntil { get; internal set; }

    /// <summary>How many escalations so far; the next block lasts longer.</summary>
    public int BlockLevel { get; internal set; }

    /// <summary>Rejections inside the current counting window.</summary>
    internal Queue<DateTimeOffset> Strikes { get; } = new();

    /// <summary>An admin's address ban, lasting while the address is known; null when none.</summary>
    public AddressBan? Ban { get; internal set; }

    internal void Open() => Interlocked.Increment(ref openConnections);

    internal void Close() => Interlocked.Decrement(ref openConnections);
}

/// <summary>An address ban: until when (null: for as long as the address is known) and why.</summary>
public sealed record AddressBan(DateTimeOffset? Until, string Reason, string Name);
