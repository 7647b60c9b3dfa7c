using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Rooms;

/// <summary>Turns what a person typed into a message body: cleaned, checked, encoded, with safe links.</summary>
public static partial class MessageText
{
    // Encode markup characters only: letters of every script stay readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// Trims and removes control characters other than newlines, and the invisible characters that disguise text
    /// (<see cref="StripInvisible"/>); null with a reason in the reader's language when unusable.
    /// </summary>
    public static (string? Text, string? Error) Clean(string? raw, int maxLength, IStringLocalizer<RoomsText> words)
    {
        var cleaned = Tidy(raw);
        var length = cleaned.EnumerateRunes().Count();
        if (length == 0)
        {
            return (null, words["Rooms.Refusal.Empty"]);
        }

        if (length > maxLength)
        {
            return (null, words.Plural("Rooms.Refusal.TooLong", length, maxLength.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)));
        }

        return (cleaned, null);
    }

    /// <summary>The text as it would be kept (<see cref="Clean"/> without its checks): empty when nothing is left.</summary>
    public static string Tidy(string? raw)
    {
        var text = new StringBuilder((raw ?? "").Length);
        foreach (var c in StripInvisible(raw).ReplaceLineEndings("\n"))
        {
            if (c == '\n' || !char.IsControl(c))
            {
                text.Append(c);
            }
        }

        return text.ToString().Trim();
    }

    /// <summary>
    /// Removes the bidirectional controls (embeddings, overrides, isolates, marks) that make
    /// <c>exe.pdf</c> out of <c>fdp.exe</c>, and the zero-width space, word joiner and byte-order mark that slip past
    /// comparisons. Zero-width joiner and non-joiner stay: emoji sequences and scripts such as Hindi and Arabic need them.
    /// </summary>
    public static string StripInvisible(string? text)
    {
        text ??= "";
        if (text.AsSpan().IndexOfAny(Invisible) < 0)
        {
            return text;
        }

        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!Invisible.Contains(c))
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }

    /// <summary>
    /// The text as compared for repetition and read by filters: formatting marks dropped, links' addresses kept, compatibility-normalised (fullwidth letters read as plain), case-folded,
    /// look-alike letters of other scripts read as Latin (<see cref="LookAlikes"/>), joiners dropped, whitespace collapsed.
    /// </summary>
    public static string ForComparison(string text)
    {
        var folded = LookAlikes.AsLatin(StripInvisible(MessageMarkup.ToPlainWithAddresses(text)).Normalize(NormalizationForm.FormKC).ToLowerInvariant()).Replace("\u200c", "", StringComparison.Ordinal).Replace("\u200d", "", StringComparison.Ordinal);
        return string.Join(' ', folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static readonly System.Buffers.SearchValues<char> Invisible = System.Buffers.SearchValues.Create(
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u2060\ufeff");

    /// <summary>
    /// HTML for a cleaned message: everything encoded, the few formatting marks of <see cref="MessageMarkup"/> made into
    /// markup, web addresses made into links that leak nothing.
    /// </summary>
    public static string ToHtml(string text) => MessageMarkup.ToHtml(text);

    /// <summary>The message's words without formatting marks (a link as its text), for notifications.</summary>
    public static string ToPlain(string text) => MessageMarkup.ToPlain(text);

    internal const string LinkAttributes = "rel=\"noopener noreferrer nofollow\" target=\"_blank\"";

    internal static string Encode(string text) => Encoder.Encode(text);

    /// <summary>Text with no formatting: encoded, and its web addresses made into links.</summary>
    internal static string Linked(string text)
    {
        var html = new StringBuilder(text.Length + 32);
        var position = 0;
        foreach (Match match in Url().Matches(text))
        {
            var url = Trimmed(match.Value);
            html.Append(Encoder.Encode(text[position..match.Index]));
            html.Append("<a href=\"").Append(Encoder.Encode(Href(url))).Append("\" ").Append(LinkAttributes).Append('>')
                .Append(Encoder.Encode(url)).Append("</a>");
            position = match.Index + url.Length;
        }

        html.Append(Encoder.Encode(text[position..]));
        return html.ToString();
    }

    /// <summary>The web address that starts at <paramref name="start"/>, by the same rule as <see cref="Linked"/>, or null.</summary>
    internal static string? WebAddressAt(string text, int start, int length) =>
        UrlHere().Match(text, start, length) is { Success: true } match && Trimmed(match.Value) is { Length: > 0 } url ? url : null;

    internal static string Href(string address) => address.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "https://" + address : address;

    /// <summary>Whether a link may point there: absolute http and https only (no javascript:, data:, or relative paths).</summary>
    internal static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    // Punctuation that ends a sentence (or closes formatting: **https://…**) rather than the address.
    private static string Trimmed(string match) => match.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '"', '*', '_', '~');

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"\G(?:https?://|www\.)[^\s<>""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlHere();
}
