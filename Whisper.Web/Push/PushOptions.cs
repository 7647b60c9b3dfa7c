using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Push;

/// <summary>Section <c>Whisper:Push</c>: Web Push notifications.</summary>
public sealed class PushOptions
{
    public const string Section = "Whisper:Push";

    /// <summary>VAPID public key (base64url, uncompressed P-256 point); generated into the data folder when empty.</summary>
    public string PublicKey { get; set; } = "";

    /// <summary>VAPID private key (base64url, 32 bytes); set together with <see cref="PublicKey"/>.</summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>How push services can reach the operator (RFC 8292 "sub"): a mailto: or https: address.</summary>
    public string Subject { get; set; } = "mailto:operator@localhost";

    /// <summary>At most one push per subscription per this interval; the next one counts what arrived meanwhile.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pushes sent at once; a slow push service holds one of these, never the chat.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>Test only: accept http:// endpoints on loopback, for a fake push service.</summary>
    public bool AllowLoopbackEndpoints { get; set; }

    public bool AreValid() =>
        MinInterval >= TimeSpan.Zero
        && (Subject.StartsWith("mailto:", StringComparison.Ordinal) || Subject.StartsWith("https://", StringComparison.Ordinal))
        && string.IsNullOrEmpty(PublicKey) == string.IsNullOrEmpty(PrivateKey);
}
