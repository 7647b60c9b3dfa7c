using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Moderation;

/// <summary>Section <c>Whisper:RaidShield</c>: how hard the proof of work on joining is, and when the shield goes on by itself.</summary>
public sealed class RaidShieldOptions
{
    public const string Section = "Whisper:RaidShield";

    /// <summary>Leading zero bits the join's proof of work needs: each one doubles the work (18: a few seconds on a phone).</summary>
    [Range(1, 32)]
    public int Difficulty { get; set; } = 18;

    /// <summary>Seconds a join without script waits, from when the page gave its challenge, instead of the work.</summary>
    [Range(1, 600)]
    public int NoScriptWaitSeconds { get; set; } = 15;

    /// <summary>Minutes a challenge stays valid.</summary>
    [Range(1, 120)]
    public int ChallengeMinutes { get; set; } = 10;

    /// <summary>Joins within a minute, over the whole site, above which the site's shield goes on by itself; 0: only by hand.</summary>
    [Range(0, 100_000)]
    public int AutoJoinsPerMinute { get; set; } = 60;

    /// <summary>Joins within a minute into one room above which that room's shield goes on by itself; 0: only by hand.</summary>
    [Range(0, 100_000)]
    public int AutoRoomJoinsPerMinute { get; set; } = 30;

    /// <summary>Minutes without a busy minute after which a shield that went on by itself goes off.</summary>
    [Range(1, 1440)]
    public int QuietMinutes { get; set; } = 10;
}
