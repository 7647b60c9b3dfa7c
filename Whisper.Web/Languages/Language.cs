using System.Globalization;

namespace Whisper.Web.Languages;

/// <summary>A language Whisper is offered in: its culture name and its name as its own speakers write it.</summary>
public sealed record Language(string Culture, string OwnName)
{
    /// <summary>The pseudo-language: English wrapped and lengthened, so tests see any text that skipped the resources.</summary>
    public const string Pseudo = "qps-ploc";

    /// <summary>The ten languages, English first: the picker lists them in this order, each in its own name.</summary>
    public static readonly IReadOnlyList<Language> All =
    [
        new("en", "English"),
        new("es", "Español"),
        new("fr", "Français"),
        new("de", "Deutsch"),
        new("pt-BR", "Português (Brasil)"),
        new("ru", "Русский"),
        new("ar", "العربية"),
        new("zh-Hans", "简体中文"),
        new("ja", "日本語"),
        new("hi", "हिन्दी"),
    ];

    /// <summary>.NET writes the pseudo-language's name as <c>qps-Ploc</c>.</summary>
    public static bool IsPseudo(CultureInfo culture) => string.Equals(culture.Name, Pseudo, StringComparison.OrdinalIgnoreCase);

    /// <summary>Arabic (and any later right-to-left language) mirrors the layout: the page says so in <c>dir</c>.</summary>
    public static string DirectionOf(CultureInfo culture) => culture.TextInfo.IsRightToLeft ? "rtl" : "ltr";
}
