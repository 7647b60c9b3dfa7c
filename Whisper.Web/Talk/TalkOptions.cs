using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Talk;

/// <summary>Section <c>Whisper:Talk</c>: one-to-one chat with strangers.</summary>
public sealed class TalkOptions
{
    public const string Section = "Whisper:Talk";

    /// <summary>Visitors confirm they are at least this old before they are matched.</summary>
    [Range(13, 99)]
    public int MinimumAge { get; set; } = 18;

    /// <summary>How long a visitor with interests waits for someone sharing one before anyone will do.</summary>
    [Range(0, 600)]
    public int InterestWaitSeconds { get; set; } = 5;

    [Range(1, 10_000)]
    public int MaxMessageLength { get; set; } = 1000;

    /// <summary>STUN/TURN servers for voice and video; none by default (host candidates only: same network).</summary>
    public List<IceServer> IceServers { get; set; } = [];

    /// <summary>Media only through the TURN relay, so the partner never sees your address; default on when a TURN server is configured.</summary>
    public bool? RelayOnly { get; set; }

    public bool UsesRelayOnly => RelayOnly ?? IceServers.Any(s => s.Urls.Any(u => u.StartsWith("turn", StringComparison.OrdinalIgnoreCase)));
}

/// <summary>One RTCIceServer as the browser takes it.</summary>
public sealed class IceServer
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
