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

    /// <summary>
    /// Pushes in flight at once to one push service (origin): multiplexed over HTTP/2 when the service offers it,
    /// a pool of this many connections otherwise. Each origin has its own, so a slow service only holds its own.
    /// </summary>
    [Range(1, 1024)]
    public int ConcurrencyPerOrigin { get; set; } = 128;

    /// <summary>Pushes waiting per origin; when full, a subscription's push waits and later counts what it missed.</summary>
    [Range(1, 1_000_000)]
    public int QueueSize { get; set; } = 20_000;

    /// <summary>
    /// Push services (origins) with a queue of their own; pushes to any origin beyond these share one overflow queue,
    /// so subscriptions naming many made-up hosts cannot grow the server's queues and tasks without end.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxOrigins { get; set; } = 64;

    /// <summary>Test only: accept http:// endpoints on loopback, for a fake push service.</summary>
    public bool AllowLoopbackEndpoints { get; set; }

    public bool AreValid() =>
        MinInterval >= TimeSpan.Zero
        && (Subject.StartsWith("mailto:", StringComparison.Ordinal) || Subject.StartsWith("https://", StringComparison.Ordinal))
        && string.IsNullOrEmpty(PublicKey) == string.IsNullOrEmpty(PrivateKey);
}
