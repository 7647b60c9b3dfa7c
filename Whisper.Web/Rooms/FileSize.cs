using System.Globalization;
using Microsoft.AspNetCore.Mvc.Localization;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Rooms;

/// <summary>
/// A file's size in the reader's language ("1,5 Mo", "1.5 MB"): 1 KB is 1024 bytes, as upload.js counts, so the limit a
/// page states and the one a script checks agree.
/// </summary>
public static class FileSize
{
    public static string Describe(IHtmlLocalizer<RoomsText> text, long bytes)
    {
        var (key, amount) = Unit(bytes);
        return text.GetString(key, amount).Value;
    }

    public static string Describe(IStringLocalizer<RoomsText> text, long bytes)
    {
        var (key, amount) = Unit(bytes);
        return text[key, amount].Value;
    }

    private static (string Key, string Amount) Unit(long bytes) => bytes switch
    {
        < 1024 => ("Rooms.Size.Bytes", bytes.ToString("N0", CultureInfo.CurrentCulture)),
        < 1024 * 1024 => ("Rooms.Size.KB", (bytes / 1024.0).ToString("0.#", CultureInfo.CurrentCulture)),
        _ => ("Rooms.Size.MB", (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.CurrentCulture)),
    };
}
