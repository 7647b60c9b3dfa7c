using System.Globalization;

namespace Whisper.Web.Files;

/// <summary>
/// A file shared with a message: its random id (the only thing on disk), the sanitised name people see,
/// the sniffed type, and whether it expired. Image types are shown inline; everything else is a download.
/// </summary>
public sealed record Attachment(string Id, string Name, string ContentType, string Kind, long Bytes, bool IsImage, DateTimeOffset StoredAt)
{
    public bool Expired { get; init; }

    public string Url => $"/files/{Id}/{Uri.EscapeDataString(Name)}";

    public string Size => Describe(Bytes);

    public static string Describe(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };
}
