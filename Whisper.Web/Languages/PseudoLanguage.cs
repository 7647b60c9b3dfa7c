using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;

namespace Whisper.Web.Languages;

/// <summary>
/// The pseudo-language: every resource text in English, accented, lengthened by a third and wrapped in <c>[!! … !!]</c>.
/// Text on a page that is not wrapped did not come from a resource; longer words show where a layout breaks.
/// A decorator rather than a file, so it is always complete.
/// </summary>
public sealed class PseudoLanguageFactory(ResourceManagerStringLocalizerFactory resources) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new PseudoLocalizer(resources.Create(resourceSource));

    public IStringLocalizer Create(string baseName, string location) => new PseudoLocalizer(resources.Create(baseName, location));

    private sealed class PseudoLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        public LocalizedString this[string name] => Transform(inner[name]);

        // Formatted here so the placeholders survive the transformation and the arguments (data, not text) stay as they are.
        public LocalizedString this[string name, params object[] arguments] =>
            IsActive ? Formatted(this[name], arguments) : inner[name, arguments];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures).Select(Transform);

        private static LocalizedString Formatted(LocalizedString text, object[] arguments) =>
            new(text.Name, string.Format(CultureInfo.CurrentCulture, text.Value, arguments), text.ResourceNotFound, text.SearchedLocation);

        private static LocalizedString Transform(LocalizedString text) =>
            IsActive ? new(text.Name, PseudoLanguage.Transform(text.Value), text.ResourceNotFound, text.SearchedLocation) : text;

        private static bool IsActive => Language.IsPseudo(CultureInfo.CurrentUICulture);
    }
}

public static class PseudoLanguage
{
    private const string Plain = "aeiouyAEIOUcnsCNS";
    private const string Accented = "åéíóúýÅÉÍÓÚçñšÇÑŠ";

    /// <summary>Accents letters outside markup (<c>&lt;a href&gt;</c>), placeholders (<c>{0}</c>) and entities (<c>&amp;amp;</c>).</summary>
    public static string Transform(string english)
    {
        var result = new StringBuilder("[!! ", english.Length * 2);
        char? closing = null;
        foreach (var c in english)
        {
            if (closing is null && c is '<' or '{' or '&')
            {
                closing = c switch { '<' => '>', '{' => '}', _ => ';' };
            }
            else if (c == closing)
            {
                closing = null;
                result.Append(c);
                continue;
            }

            var plain = closing is null ? Plain.IndexOf(c) : -1;
            result.Append(plain < 0 ? c : Accented[plain]);
        }

        // A third longer, as German or Russian often are.
        var padding = english.Length / 3;
        return result.Append(padding > 0 ? " " + new string('~', padding) : "").Append(" !!]").ToString();
    }
}
