using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Hosting;

/// <summary>Section <c>Whisper:Security</c>: transport security for HTTPS requests (direct, or through a trusted proxy).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Whisper:Security";

    /// <summary>Sends <c>Strict-Transport-Security</c> on HTTPS responses, so browsers never fall back to plain HTTP.</summary>
    public bool Hsts { get; set; } = true;

    /// <summary>How long browsers remember to use HTTPS only.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "730.00:00:00")]
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}
