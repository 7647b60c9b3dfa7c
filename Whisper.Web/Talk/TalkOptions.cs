using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Talk;

/// <summary>Section <c>Whisper:Talk</c>: one-to-one chat with strangers.</summary>
public sealed class TalkOptions : IValidatableObject
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

    /// <summary>Static STUN/TURN servers for voice and video, handed to every browser as they are.</summary>
    public List<IceServer> IceServers { get; set; } = [];

    /// <summary>A TURN relay that checks time-limited credentials made from a shared secret, issued per conversation.</summary>
    public TurnOptions Turn { get; set; } = new();

    /// <summary>Media only through the TURN relay, so the partner never sees your address; default on when a TURN server is configured.</summary>
    public bool? RelayOnly { get; set; }

    /// <summary>How long a call may take to connect before both sides are told it failed and go on by text.</summary>
    [Range(3, 300)]
    public int CallTimeoutSeconds { get; set; } = 20;

    /// <summary>A TURN relay is known, whether every call goes through it or only calls that cannot connect directly.</summary>
    public bool HasRelay => Turn.Configured || IceServers.Any(s => s.Urls.Any(TurnOptions.IsTurnUrl));

    public bool UsesRelayOnly => RelayOnly ?? HasRelay;

    /// <summary>
    /// A relay beside direct calls. Each browser still sends the partner every address it has (call.js signals all its
    /// candidates), so the partner learns it in every call, whether or not the relay ends up carrying it.
    /// </summary>
    public bool RelaysOnlyAsFallback => HasRelay && !UsesRelayOnly;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RelayOnly == true && !HasRelay)
        {
            yield return new ValidationResult("Whisper:Talk:RelayOnly is true, but no relay is configured, so no call could ever connect: set Whisper:Talk:Turn:Urls (or a turn: URL in Whisper:Talk:IceServers), or leave RelayOnly out.");
        }

        foreach (var result in Turn.Validate())
        {
            yield return result;
        }
    }
}

/// <summary>One RTCIceServer as the browser takes it.</summary>
public sealed class IceServer
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }
}

/// <summary>
/// Section <c>Whisper:Talk:Turn</c>: a TURN server (coturn with <c>use-auth-secret</c> and <c>static-auth-secret</c>)
/// that shares <see cref="Secret"/> with Whisper. The secret stays on the server; browsers get credentials derived from it.
/// </summary>
public sealed class TurnOptions
{
    /// <summary><c>turn:</c> or <c>turns:</c> URLs of the relay; none means no TURN credentials are issued.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>The relay's <c>static-auth-secret</c>.</summary>
    public string Secret { get; set; } = "";

    /// <summary>How long issued credentials are accepted by the relay: longer than a conversation, short enough to be worthless later.</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(6);

    public bool Configured => Urls.Count > 0;

    public static bool IsTurnUrl(string url) =>
        url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate()
    {
        if (Urls.FirstOrDefault(u => !IsTurnUrl(u)) is { } wrong)
        {
            yield return new ValidationResult($"Whisper:Talk:Turn:Urls: \"{wrong}\" is not a TURN URL; write turn:host:3478 or turns:host:5349.");
        }

        if (Configured && string.IsNullOrWhiteSpace(Secret))
        {
            yield return new ValidationResult("Whisper:Talk:Turn:Secret is required with Whisper:Talk:Turn:Urls: the relay's static-auth-secret.");
        }

        if (CredentialLifetime < TimeSpan.FromMinutes(1) || CredentialLifetime > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult("Whisper:Talk:Turn:CredentialLifetime must be between 00:01:00 and 7.00:00:00.");
        }
    }
}
