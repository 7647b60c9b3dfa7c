using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Whisper.Web.Privacy;

/// <summary>Section <c>Whisper:AccessLog</c>: the optional W3C access log. Off unless the operator turns it on.</summary>
public sealed class AccessLogOptions
{
    public const string Section = "Whisper:AccessLog";

    public bool Enabled { get; set; }

    /// <summary>Days a day's log file is kept before it is deleted.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;
}

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
