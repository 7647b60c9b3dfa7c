using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;

namespace Whisper.Web.Privacy;

/// <summary>
/// The one place client addresses are held, in memory. An address is forgotten once it has had no open
/// connection for <see cref="ForgetAfter"/>, unless a block or ban on it is still running (then when that ends,
/// and never later than <see cref="LongestHold"/>); with it go its rate-limit key and its blocks.
/// IPv6 addresses are held as their network (<see cref="RateLimitOptions.Ipv6PrefixLength"/>). At most
/// <see cref="RateLimitOptions.MaxAddresses"/> are held: past that, the oldest without a block or ban go first.
/// Nothing here is ever written to disk or logged.
/// </summary>
public sealed class ClientAddresses(TimeProvider time, IOptions<RateLimitOptions>? options = null)
{
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    /// <summary>The longest an address is kept for a block or ban, even a permanent one.</summary>
    public static readonly TimeSpan LongestHold = TimeSpan.FromDays(30);

    private readonly RateLimitOptions settings = options?.Value ?? new RateLimitOptions();
    private readonly Lock evicting = new();

    /// <summary>After a scan that could free nothing (every entry under a block or ban), no new scan until this many.</summary>
    private int nextScanAt;

    private static readonly object ItemKey = new();
    private static readonly IPAddress Unknown = IPAddress.None;

    private readonly ConcurrentDictionary<IPAddress, ClientAddress> byAddress = new();
    private readonly ConcurrentDictionary<string, ClientAddress> byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, ClientAddress> byKey = new();

    public int Count => byAddress.Count;

    public IEnumerable<ClientAddress> All => byAddress.Values;

    /// <summary>The entry for this request's address (after forwarded headers), noting that it was seen now.</summary>
    public ClientAddress For(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached))
        {
            return (ClientAddress)cached!;
        }

        var address = Normalise(context.Connection.RemoteIpAddress, settings.Ipv6PrefixLength);
        var now = time.GetUtcNow();
        if (!byAddress.TryGetValue(address, out var entry))
        {
            MakeRoom(now);
            entry = byAddress.GetOrAdd(address, a => new ClientAddress(a, BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue, now));
        }

        entry.LastSeen = now;
        byKey.TryAdd(entry.Key, entry);
        context.Items[ItemKey] = entry;
        return entry;
    }

    /// <summary>Notes that a joined name is using this address, so a ban on the name can reach it.</summary>
    public void SeenAs(HttpContext context, string name)
    {
        var entry = For(context);
        entry.LastName = name;
        byName[name] = entry;
    }

    /// <summary>The address a name was last seen from, while it is still known.</summary>
    public ClientAddress? LastUsedBy(string name) => byName.TryGetValue(name, out var entry) && byAddress.ContainsKey(entry.Address) ? entry : null;

    /// <summary>The entry behind a key handed out earlier, while the address is still known.</summary>
    public ClientAddress? FindByKey(long key) => byKey.TryGetValue(key, out var entry) && byAddress.ContainsKey(entry.Address) ? entry : null;

    /// <summary>Counts a long-lived connection (a stream) until disposed: an address is kept while any is open.</summary>
    public IDisposable Connect(HttpContext context)
    {
        var entry = For(context);
        entry.Open();
        return new Connection(entry, time);
    }

    /// <summary>Until when a block or ban keeps an address: the end asked for, but no later than <see cref="LongestHold"/> from now.</summary>
    public DateTimeOffset HoldUntil(DateTimeOffset? until)
    {
        var longest = time.GetUtcNow() + LongestHold;
        return until is { } end && end < longest ? end : longest;
    }

    /// <summary>Forgets every address idle for <see cref="ForgetAfter"/> and under no running block or ban, and the names pointing at it.</summary>
    public int Sweep()
    {
        var now = time.GetUtcNow();
        var cutoff = now - ForgetAfter;
        var forgotten = 0;
        foreach (var (address, entry) in byAddress)
        {
            if (entry.OpenConnections == 0 && entry.LastSeen <= cutoff && !IsHeld(entry, now) && Forget(address, entry))
            {
                forgotten++;
            }
        }

        foreach (var (name, entry) in byName)
        {
            if (!byAddress.ContainsKey(entry.Address))
            {
                byName.TryRemove(new KeyValuePair<string, ClientAddress>(name, entry));
            }
        }

        return forgotten;
    }

    /// <summary>A block or ban still running keeps the address (both are capped at <see cref="LongestHold"/> when made).</summary>
    private static bool IsHeld(ClientAddress entry, DateTimeOffset now) =>
        entry.BlockedUntil > now || entry.Ban is { } ban && (ban.Until is null || ban.Until > now);

    private bool Forget(IPAddress address, ClientAddress entry)
    {
        if (!byAddress.TryRemove(new KeyValuePair<IPAddress, ClientAddress>(address, entry)))
        {
            return false;
        }

        byKey.TryRemove(entry.Key, out _);
        return true;
    }

    /// <summary>
    /// Full: forgets the oldest tenth of the entries under no block or ban, idle ones before connected ones, so a
    /// flood of new addresses cannot grow memory, nor free an address from its block.
    /// </summary>
    private void MakeRoom(DateTimeOffset now)
    {
        if (byAddress.Count < Math.Max(settings.MaxAddresses, Volatile.Read(ref nextScanAt)))
        {
            return;
        }

        lock (evicting)
        {
            var slack = Math.Max(1, settings.MaxAddresses / 10);
            var excess = byAddress.Count - settings.MaxAddresses + slack;
            if (excess <= 0)
            {
                return;
            }

            var oldest = byAddress.Where(e => !IsHeld(e.Value, now))
                .OrderBy(e => e.Value.OpenConnections > 0).ThenBy(e => e.Value.LastSeen)
                .Take(excess).ToList();
            foreach (var (address, entry) in oldest)
            {
                Forget(address, entry);
            }

            // Nothing could go: the held entries stay, and the next scan waits until a tenth more have come.
            Volatile.Write(ref nextScanAt, oldest.Count == 0 ? byAddress.Count + slack : 0);
        }
    }

    /// <summary>
    /// IPv4 clients reached over a dual-stack socket are one address, however they arrive; an IPv6 client is its
    /// network of <paramref name="prefixLength"/> bits, since one home or phone holds all of it.
    /// </summary>
    public static IPAddress Normalise(IPAddress? address, int prefixLength = 64)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || prefixLength >= 128)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < 128; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    private sealed class Connection(ClientAddress entry, TimeProvider time) : IDisposable
    {
        private int closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref closed, 1) == 0)
            {
                // The hour of grace counts from when the last connection closed.
                entry.LastSeen = time.GetUtcNow();
                entry.Close();
            }
        }
    }
}
