using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;

namespace Whisper.Web.Privacy;

/// <summary>
/// The one place client addresses are held, in memory. An address is forgotten once it has had no open
/// connection for <see cref="ForgetAfter"/>; with it go its blocks, bans and rate-limit key.
/// Nothing here is ever written to disk or logged.
/// </summary>
public sealed class ClientAddresses(TimeProvider time)
{
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

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

        var address = Normalise(context.Connection.RemoteIpAddress);
        var now = time.GetUtcNow();
        var entry = byAddress.GetOrAdd(address, a => new ClientAddress(a, BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue, now));
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

    /// <summary>Forgets every address idle for <see cref="ForgetAfter"/>, and the names pointing at it.</summary>
    public int Sweep()
    {
        var cutoff = time.GetUtcNow() - ForgetAfter;
        var forgotten = 0;
        foreach (var (address, entry) in byAddress)
        {
            if (entry.OpenConnections == 0 && entry.LastSeen <= cutoff && byAddress.TryRemove(address, out _))
            {
                byKey.TryRemove(entry.Key, out _);
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

    /// <summary>IPv4 clients reached over a dual-stack socket are one address, however they arrive.</summary>
    private static IPAddress Normalise(IPAddress? address) =>
        address is null ? Unknown : address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

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
