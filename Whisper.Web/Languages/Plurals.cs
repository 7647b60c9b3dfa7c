using System.Globalization;
using Microsoft.AspNetCore.Mvc.Localization;
using Microsoft.Extensions.Localization;

namespace Whisper.Web.Languages;

/// <summary>
/// CLDR's plural categories for whole numbers in Whisper's languages (unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html).
/// A plural text is one resource key per category the language has (<c>People.Online.one</c>, <c>People.Online.few</c>…),
/// with <c>.other</c> always present as the fallback.
/// </summary>
public static class Plurals
{
    public static string Category(CultureInfo culture, long count)
    {
        var n = Math.Abs(count);
        return LanguageOf(culture) switch
        {
            "ru" => (n % 10, n % 100) switch
            {
                (1, not 11) => "one",
                ( >= 2 and <= 4, not (>= 12 and <= 14)) => "few",
                _ => "many",
            },
            "ar" => n switch
            {
                0 => "zero",
                1 => "one",
                2 => "two",
                _ when n % 100 is >= 3 and <= 10 => "few",
                _ when n % 100 is >= 11 and <= 99 => "many",
                _ => "other",
            },
            // French and Hindi count zero with one; Portuguese (Brazil) too for whole numbers.
            "fr" or "hi" or "pt" => n <= 1 ? "one" : "other",
            "zh" or "ja" => "other",
            _ => n == 1 ? "one" : "other",
        };
    }

    /// <summary>The text for <paramref name="count"/> in the current language, the count written as that language writes numbers.</summary>
    public static LocalizedHtmlString Plural(this IHtmlLocalizer text, string key, long count, params object[] more)
    {
        var culture = CultureInfo.CurrentUICulture;
        return text[KeyFor(key, count, culture, k => text.GetString(k).ResourceNotFound), [count.ToString("N0", CultureInfo.CurrentCulture), .. more]];
    }

    /// <summary>The same for plain strings (a title, an attribute, a refusal's sentence).</summary>
    public static LocalizedString Plural(this IStringLocalizer text, string key, long count, params object[] more)
    {
        var culture = CultureInfo.CurrentUICulture;
        return text[KeyFor(key, count, culture, k => text[k].ResourceNotFound), [count.ToString("N0", CultureInfo.CurrentCulture), .. more]];
    }

    private static string KeyFor(string key, long count, CultureInfo culture, Func<string, bool> missing)
    {
        var exact = $"{key}.{Category(culture, count)}";
        return missing(exact) ? $"{key}.other" : exact;
    }

    private static string LanguageOf(CultureInfo culture)
    {
        var name = culture.Name;
        var dash = name.IndexOf('-');
        return dash < 0 ? name : name[..dash];
    }
}
