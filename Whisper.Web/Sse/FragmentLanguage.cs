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

    /// <summary>The language the current code runs in, as <see cref="Of"/> names it.</summary>
    public static CultureInfo Current => CultureInfo.CurrentUICulture.Name.Length == 0 ? CultureInfo.GetCultureInfo("en") : CultureInfo.CurrentUICulture;
}
