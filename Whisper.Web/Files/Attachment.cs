using System.Text.Json.Serialization;

namespace Whisper.Web.Files;

/// <summary>
/// A file shared with a message: its random id (the only thing on disk), the sanitised name people see,
/// the sniffed type, and whether it expired. Images Skia can read are shown inline, by their preview when they have one
/// (files shared before previews existed have none); everything else is a download.
/// </summary>
public sealed record Attachment(string Id, string Name, string ContentType, string Kind, long Bytes, bool IsImage, DateTimeOffset StoredAt)
{
    public bool Expired { get; init; }

    /// <summary>The small copy the room shows, kept beside the file and gone with it.</summary>
    public PreviewImage? Preview { get; init; }

    public string Url => $"/files/{Id}/{Uri.EscapeDataString(Name)}";

    [JsonIgnore]
    public string PreviewUrl => $"/files/{Id}/preview/{Uri.EscapeDataString(Name)}";

    /// <summary>What the file takes on disk, its preview included: what the disk quota counts.</summary>
    [JsonIgnore]
    public long DiskBytes => Bytes + (Preview?.Bytes ?? 0);
}
