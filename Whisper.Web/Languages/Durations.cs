using Microsoft.Extensions.Localization;

namespace Whisper.Web.Languages;

public static class Durations
{
    /// <summary>
    /// "a day", "3 days", "12 hours", "90 minutes" in the page's language: the largest unit the span is a whole number of,
    /// so a setting reads as the operator wrote it. Seconds round up, as a wait does.
    /// </summary>
    public static string Duration(this IStringLocalizer<LongPagesText> words, TimeSpan span)
    {
        var (unit, count) = span switch
        {
            _ when span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0 => ("Days", (long)span.TotalDays),
            _ when span.TotalHours >= 1 && span.Ticks % TimeSpan.TicksPerHour == 0 => ("Hours", (long)span.TotalHours),
            _ when span.TotalMinutes >= 1 && span.Ticks % TimeSpan.TicksPerMinute == 0 => ("Minutes", (long)span.TotalMinutes),
            _ => ("Seconds", (long)Math.Ceiling(span.TotalSeconds)),
        };
        return words.Plural($"Duration.{unit}", count);
    }
}
