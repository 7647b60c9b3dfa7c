using System.Net;
using System.Net.Sockets;
using Whisper.Web.Hosting;

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

        // A literal address is judged as it is: the resolver refuses unspecified ones (0.0.0.0, ::) with an exception.
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal))
        {
            return IsAllowed(literal, allowLoopback);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
            return addresses.Length > 0 && addresses.All(a => IsAllowed(a, allowLoopback));
        }
        catch (Exception exception) when (exception is SocketException or ArgumentException)
        {
            return false;
        }
    }

    public static bool IsAllowed(IPAddress address, bool allowLoopback) =>
        (allowLoopback && IPAddress.IsLoopback(address)) || PublicAddress.Is(address);

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
