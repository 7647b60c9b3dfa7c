using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Moderation;

/// <summary>Section <c>Whisper:Admin</c>: the operator's login, and how long moderation keeps its records.</summary>
public sealed class AdminOptions
{
    public const string Section = "Whisper:Admin";

    /// <summary>
    /// The admin password's hash, from <c>dotnet run --project Whisper.Web -- hash-password</c>. When empty, a password
    /// set through the one-time setup link is used; there is never a default password.
    /// </summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Days a moderator's invitation link works before it must be made again.</summary>
    [Range(1, 30)]
    public int InvitationDays { get; set; } = 7;
    /// <summary>Wrong passwords for one account, from any address, within the login window before it is held.</summary>
    [Range(1, 1000)]
    public int FailedLoginsPerAccount { get; set; } = 10;

    /// <summary>Milliseconds a filter's regular expression may run on one text before it counts as no match.</summary>
    [Range(1, 1000)]
    public int FilterMatchTimeoutMs { get; set; } = 20;

    /// <summary>Hours an admin session lasts without activity; each visit extends it.</summary>
    [Range(1, 24 * 30)]
    public int SessionHours { get; set; } = 12;

    /// <summary>Days a report (with any excerpt) is kept when nobody handles it; handled reports go at once.</summary>
    [Range(1, 3650)]
    public int ReportRetentionDays { get; set; } = 90;

    /// <summary>Days an entry of the moderators' audit log is kept.</summary>
    [Range(1, 3650)]
    public int AuditRetentionDays { get; set; } = 365;
}
