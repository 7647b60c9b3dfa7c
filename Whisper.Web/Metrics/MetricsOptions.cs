using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Metrics;

/// <summary>Where <c>/metrics</c> is served (section <c>Whisper:Metrics</c>). Both empty: nowhere.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Whisper:Metrics";

    /// <summary>A second port serving <c>/metrics</c> alone; 0 for none. The public port never serves it without the token.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>The interface that port listens on: loopback unless Prometheus scrapes from another machine.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>
    /// A bearer token <c>/metrics</c> asks for: on the public port when no <see cref="Port"/> is set, otherwise on the
    /// metrics port (the public port then never serves it); empty for none.
    /// </summary>
    public string Token { get; set; } = "";

    public bool IsServed => Port > 0 || Token.Length > 0;
}
