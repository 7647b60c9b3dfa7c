using Microsoft.AspNetCore.Mvc.Localization;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Moderation;

/// <summary>
/// A length of time said in the reader's language ("3 minutes", "3 минуты"), rounded as <see cref="Hosting.SlowDown.Describe"/>
/// rounds it: a plural text per unit in <c>AdminText</c> (<c>Duration.Seconds.one</c>…), the count written the language's way.
/// </summary>
public static class Durations
{
    public static LocalizedHtmlString Duration(this IHtmlLocalizer<AdminText> text, TimeSpan length)
    {
        var (unit, count) = Rounded(length);
        return text.Plural(unit, count);
    }

    public static string Duration(this IStringLocalizer<AdminText> text, TimeSpan length)
    {
        var (unit, count) = Rounded(length);
        return text.Plural(unit, count);
    }

    private static (string Unit, long Count) Rounded(TimeSpan length) => length.TotalSeconds switch
    {
        < 90 => ("Duration.Seconds", (long)Math.Max(1, Math.Ceiling(length.TotalSeconds))),
        < 90 * 60 => ("Duration.Minutes", (long)Math.Ceiling(length.TotalMinutes)),
        < 48 * 3600 => ("Duration.Hours", (long)Math.Ceiling(length.TotalHours)),
        _ => ("Duration.Days", (long)Math.Ceiling(length.TotalDays)),
    };
}
