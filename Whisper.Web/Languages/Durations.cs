using Microsoft.AspNetCore.Mvc.Localization;
using Microsoft.Extensions.Localization;

namespace Whisper.Web.Languages;

/// <summary>
/// A duration from the options ("a day", "3 days", "12 hours") in the reader's language, as the plural texts
/// <c>Duration.Days</c>, <c>Duration.Hours</c>, <c>Duration.Minutes</c> and <c>Duration.Seconds</c> in <c>Text.resx</c> say it. Each language writes
/// them to follow "after" or "for" in its sentences (German's accusative "einen Tag", Russian's "минуту").
/// </summary>
public static class Durations
{
    public static LocalizedHtmlString Duration(this IHtmlLocalizer text, TimeSpan span)
    {
        var (key, count) = Measure(span);
        return text.Plural(key, count);
    }

    public static LocalizedString Duration(this IStringLocalizer text, TimeSpan span)
    {
        var (key, count) = Measure(span);
        return text.Plural(key, count);
    }

    /// <summary>
    /// The largest whole unit, so a setting reads as the operator wrote it: 36 hours stays "36 hours" rather than
    /// becoming "1.5 days". Seconds round up, as a wait does.
    /// </summary>
    private static (string Key, long Count) Measure(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 ? ("Duration.Days", (long)span.TotalDays)
        : span.Ticks % TimeSpan.TicksPerHour == 0 ? ("Duration.Hours", (long)span.TotalHours)
        : span.Ticks % TimeSpan.TicksPerMinute == 0 ? ("Duration.Minutes", (long)span.TotalMinutes)
        : ("Duration.Seconds", (long)Math.Ceiling(span.TotalSeconds));
}
