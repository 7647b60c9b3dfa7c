using System.Globalization;

namespace Whisper.Web.Sse;

/// <summary>The language a shared fragment is rendered in, outside any reader's request.</summary>
public static class FragmentLanguage
{
    /// <summary>
    /// The culture's name; English for the invariant culture (work done outside a request, such as an entry arriving
    /// from another node), which reads the neutral, English resources.
    /// </summary>
    public static string Of(CultureInfo culture) => culture.Name.Length == 0 ? "en" : culture.Name;

    /// <summary>
    /// Runs a render in <paramref name="culture"/>: the culture flows with the async context, so the render's localizers
    /// read it, and the caller's own culture is back once this returns.
    /// </summary>
    public static async Task<T> InAsync<T>(CultureInfo culture, Func<CultureInfo, Task<T>> render)
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        return await render(culture);
    }

    /// <summary>
    /// Runs synchronous work in <paramref name="culture"/> (a push for one subscription, a file in a language the address
    /// asks for). A synchronous method does not restore the caller's culture by itself, so this does, even on a throw.
    /// </summary>
    public static T In<T>(CultureInfo culture, Func<T> work)
    {
        var (before, uiBefore) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            return work();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, uiBefore);
        }
    }

    /// <summary>The culture a stored language name stands for; English for none (saved before languages) or a name not known.</summary>
    public static CultureInfo Named(string? name)
    {
        try
        {
            return name is { Length: > 0 } ? CultureInfo.GetCultureInfo(name) : English;
        }
        catch (CultureNotFoundException)
        {
            return English;
        }
    }

    private static CultureInfo English => CultureInfo.GetCultureInfo("en");

    /// <summary>The language the current code runs in, as <see cref="Of"/> names it.</summary>
    public static CultureInfo Current => CultureInfo.CurrentUICulture.Name.Length == 0 ? English : CultureInfo.CurrentUICulture;
}
