using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Strangers;

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
}
