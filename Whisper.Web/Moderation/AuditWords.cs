using System.Globalization;
using Microsoft.AspNetCore.Mvc.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Moderation;

/// <summary>An audit entry said in the reader's language: entries are stored as data (<see cref="AuditLog.WriteAsync"/>), never as sentences.</summary>
public static class AuditWords
{
    /// <summary>What was done: the entry's key with its arguments, or an old entry's English sentence as stored.</summary>
    public static object Action(this IHtmlLocalizer<AdminText> text, AuditEntry entry, IHtmlLocalizer<Text> durations) =>
        entry.Arguments is { } arguments ? text[entry.Action, [.. arguments.Select(a => text.Said(a, durations))]] : entry.Action;

    /// <summary>
    /// One stored argument or target: a word (<see cref="AuditLog.Key"/>), a length (<see cref="AuditLog.Seconds"/>, said as
    /// the moderator chose it), or data as it is.
    /// </summary>
    public static object Said(this IHtmlLocalizer<AdminText> text, string stored, IHtmlLocalizer<Text> durations) => stored switch
    {
        _ when stored.StartsWith("key:", StringComparison.Ordinal) => text[stored["key:".Length..]],
        _ when stored.StartsWith("seconds:", StringComparison.Ordinal) && long.TryParse(stored["seconds:".Length..], CultureInfo.InvariantCulture, out var seconds) =>
            durations.Duration(TimeSpan.FromSeconds(seconds)),
        _ => stored,
    };
}
