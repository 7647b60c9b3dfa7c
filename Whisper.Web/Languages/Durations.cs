using Microsoft.AspNetCore.Mvc.Localization;
using Microsoft.Extensions.Localization;

namespace Whisper.Web.Languages;

/// <summary>How a length of time is rounded before it is said.</summary>
public enum DurationStyle
{
    /// <summary>
    /// A setting, as the operator wrote it: the largest whole unit, so 36 hours stays "36 hours" rather than becoming
    /// "1.5 days". Seconds round up.
    /// </summary>
    Exact,

    /// <summary>
    /// How long someone must wait, rounded up so "in 2 minutes" is never too soon: seconds below a minute and a half,
    /// minutes below an hour and a half, hours below two days, then days. Never less than a second.
    /// </summary>
    WaitRoundedUp,
}

/// <summary>
/// The one way Whisper says a length of time ("a day", "3 days", "12 hours") in the reader's language, as the plural
/// texts <c>Duration.Days</c>, <c>Duration.Hours</c>, <c>Duration.Minutes</c> and <c>Duration.Seconds</c> in
/// <c>Text.resx</c> say it. Each language writes them to follow "after", "in" or "for" in its sentences (German's
/// accusative "einen Tag", Russian's "минуту").
/// </summary>
public static class Durations
{
    public static LocalizedHtmlString Duration(this IHtmlLocalizer<Text> text, TimeSpan span, DurationStyle style = DurationStyle.Exact)
    {
        var (key, count) = Measure(span, style);
        return text.Plural(key, count);
    }

    public static LocalizedString Duration(this IStringLocalizer<Text> text, TimeSpan span, DurationStyle style = DurationStyle.Exact)
    {
        var (key, count) = Measure(span, style);
        return text.Plural(key, count);
    }

    private static (string Key, long Count) Measure(TimeSpan span, DurationStyle style) => style switch
    {
        DurationStyle.WaitRoundedUp => span.TotalSeconds switch
        {
            < 90 => ("Duration.Seconds", (long)Math.Max(1, Math.Ceiling(span.TotalSeconds))),
            // "An hour" rather than "60 minutes" for a wait that rounds up to exactly that.
            <= 60 * 60 and > 59 * 60 => ("Duration.Hours", 1),
            < 90 * 60 => ("Duration.Minutes", (long)Math.Ceiling(span.TotalMinutes)),
            < 48 * 3600 => ("Duration.Hours", (long)Math.Ceiling(span.TotalHours)),
            _ => ("Duration.Days", (long)Math.Ceiling(span.TotalDays)),
        },
        _ => span.Ticks % TimeSpan.TicksPerDay == 0 && span > TimeSpan.Zero ? ("Duration.Days", (long)span.TotalDays)
            : span.Ticks % TimeSpan.TicksPerHour == 0 && span > TimeSpan.Zero ? ("Duration.Hours", (long)span.TotalHours)
            : span.Ticks % TimeSpan.TicksPerMinute == 0 && span > TimeSpan.Zero ? ("Duration.Minutes", (long)span.TotalMinutes)
            : ("Duration.Seconds", (long)Math.Ceiling(span.TotalSeconds)),
    };
}
