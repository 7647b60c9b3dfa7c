using System.Globalization;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Moderation;

/// <summary>A name barred from posting, streaming, uploading and push: until a time, or for good when <see cref="Until"/> is null.</summary>
public sealed record Ban(string Name, string Reason, DateTimeOffset BannedAt, DateTimeOffset? Until)
{
    public bool IsActiveAt(DateTimeOffset now) => Until is null || Until > now;

    /// <summary>What the banned person reads, wherever they are stopped.</summary>
    public BanTerms Terms => new(Until, Reason);
}

/// <summary>
/// The end and the reason of a ban on a name or an address: what the banned person is told, in their own language
/// (<c>Rooms.Refusal.Banned.*</c> in <c>RoomsText</c>: {0} the end, {1} the reason as the moderator wrote it).
/// </summary>
public sealed record BanTerms(DateTimeOffset? Until, string Reason)
{
    public bool HasReason => !string.IsNullOrWhiteSpace(Reason);

    /// <summary>The sentence's key: for good or until a time, with or without a reason.</summary>
    public string Key => "Rooms.Refusal.Banned." + (Until is null ? "Permanently" : "Until") + (HasReason ? "WithReason" : "");

    /// <summary>The sentence as plain text in the current language, the end as a date of that culture in UTC (HTML shows a <c>&lt;time&gt;</c> instead).</summary>
    public string Sentence(IStringLocalizer<RoomsText> words, IStringLocalizer<AdminText> reasons) => words[Key, Until is { } until ? Date(until) : "", ReasonIn(reasons)];

    /// <summary>
    /// The reason as the banned person reads it: one picked from the report reasons (a reported stranger's address ban
    /// carries the report's) in their language, anything a moderator typed as typed.
    /// </summary>
    public string ReasonIn(IStringLocalizer<AdminText> reasons) => Reports.ReasonText(Reason) is { } text ? reasons[text.Key, text.Arguments] : Reason;

    /// <summary>A moment in UTC as the current culture writes a date and a time, saying it is UTC.</summary>
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("f", CultureInfo.CurrentCulture) + " UTC";
}
