using System.Net;

namespace Whisper.Web.Hosting;

/// <summary>Section <c>Whisper:ForwardedHeaders</c>: trusting a reverse proxy's X-Forwarded-For and X-Forwarded-Proto.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Whisper:ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies to trust; loopback when empty.</summary>
    public List<string> KnownProxies { get; set; } = [];

    public IEnumerable<IPAddress> Proxies => KnownProxies.Count == 0
        ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
        : KnownProxies.Select(IPAddress.Parse);

    public bool AreValid() => KnownProxies.All(p => IPAddress.TryParse(p, out _));
}
