using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Sse;

/// <summary>Section <c>Whisper:Sse</c>: the live streams.</summary>
public sealed class StreamOptions
{
    public const string Section = "Whisper:Sse";

    /// <summary>Seconds between heartbeat comments on idle streams; below common proxy idle timeouts.</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Frames a stream may have waiting before it is judged too slow and disconnected.</summary>
    [Range(8, 100_000)]
    public int SubscriberBuffer { get; set; } = 512;

    /// <summary>Milliseconds between presence updates; changes within one interval go out together.</summary>
    [Range(100, 60_000)]
    public int PresenceIntervalMs { get; set; } = 1000;

    /// <summary>
    /// True: the room's dispatcher writes each frame straight into every open stream's response. False: each stream
    /// waits on its queue and writes its frames itself, one thread-pool wake-up per stream per message (the old path,
    /// kept to measure against).
    /// </summary>
    public bool DirectWrite { get; set; } = true;

    /// <summary>Milliseconds the browser waits before reconnecting a dropped stream.</summary>
    [Range(100, 60_000)]
    public int RetryMs { get; set; } = 2000;
}
