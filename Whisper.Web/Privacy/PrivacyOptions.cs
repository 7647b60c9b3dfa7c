using System.ComponentModel.DataAnnotations;

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
