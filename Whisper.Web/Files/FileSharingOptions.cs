using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Files;

/// <summary>Section <c>Whisper:Files</c>: files shared in rooms.</summary>
public sealed class FileSharingOptions
{
    public const string Section = "Whisper:Files";

    /// <summary>Folder for the files; empty means <c>DataPath/files</c>. With several nodes, one folder all of them share.</summary>
    public string Path { get; set; } = "";

    /// <summary>Largest file, in bytes (10 MB).</summary>
    [Range(1, 1L << 32)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Most pixels an image may have (40 million): its header is read before anything is decoded, and a bigger one is
    /// refused, so a small file claiming a huge picture cannot take the server's memory.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>How long a file is kept; its message may leave the ring sooner, which deletes it too.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Disk space all files together may use; uploads are refused beyond it.</summary>
    [Range(1, long.MaxValue)]
    public long MaxTotalBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    public bool AreValid() => Retention > TimeSpan.Zero && MaxTotalBytes >= MaxBytes;

    /// <summary>"a day", "3 days", "12 hours": how long a file is kept, as people read it.</summary>
    public string RetentionText =>
        Retention.TotalHours >= 24 && Retention.TotalHours % 24 == 0 ? (Retention.TotalDays == 1 ? "a day" : $"{Retention.TotalDays:0} days")
        : Retention.TotalMinutes >= 60 ? (Retention.TotalHours == 1 ? "an hour" : $"{Retention.TotalHours:0.#} hours")
        : Retention.TotalMinutes == 1 ? "a minute" : $"{Retention.TotalMinutes:0} minutes";
}
