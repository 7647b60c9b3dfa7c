using System.Net;
using System.Net.Sockets;

namespace Whisper.Web.Push;

/// <summary>
/// A subscription's endpoint is an address this server will POST to, chosen by a stranger: only https, only
/// hosts on the public internet, checked when subscribing and again at connect time (DNS can change).
/// </summary>
public static class PushEndpoints
{
    public static async Task<bool> IsAcceptableAsync(string? endpoint, bool allowLoopback, CancellationToken cancellationToken)
    {
        if (endpoint is not { Length: <= 1024 } || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(allowLoopback && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            return false;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
            return addresses.Length > 0 && addresses.All(a => IsAllowed(a, allowLoopback));
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static bool IsAllowed(IPAddress address, bool allowLoopback) =>
        (allowLoopback && IPAddress.IsLoopback(address)) || IsPublic(address);

    /// <summary>False for loopback, private, link-local, shared, documentation, multicast and other non-internet ranges.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var v6 = address.GetAddressBytes();
        return !(address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8)
            || (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b));
    }

    /// <summary>Connects only to an allowed address of the host, so a name that resolves elsewhere later is still refused.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> GuardedConnect(bool allowLoopback) =>
        async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = addresses.FirstOrDefault(a => IsAllowed(a, allowLoopback))
                ?? throw new HttpRequestException("The push endpoint does not resolve to a public address.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
