using System.Globalization;
using System.Text;

namespace Whisper.Web.Files;

/// <summary>
/// Makes an uploaded file's name safe to show and to put in Content-Disposition. It is never a path on disk,
/// but it is shown to other people: no directories, control or bidirectional-override characters, no reserved
/// punctuation, bounded length with the extension kept.
/// </summary>
public static class FileNames
{
    public const int MaxLength = 100;

    public static string Sanitise(string? uploaded)
    {
        var name = (uploaded ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var clean = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            clean.Append(rune.Value is '"' or '<' or '>' or ':' or '|' or '?' or '*' or ';' ? "_" : rune.ToString());
        }

        var result = clean.ToString().Trim().Trim('.').Trim();
        if (result.Length > MaxLength)
        {
            var extension = Path.GetExtension(result);
            extension = extension.Length is > 1 and <= 10 ? extension : "";
            var cut = MaxLength - extension.Length;
            // Never split a surrogate pair.
            cut -= char.IsHighSurrogate(result[cut - 1]) ? 1 : 0;
            result = result[..cut].TrimEnd() + extension;
        }

        return result.Length == 0 ? "file" : result;
    }
}
