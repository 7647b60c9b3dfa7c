namespace Whisper.Web.Storage;

/// <summary>Where Whisper keeps its few durable records (section <c>Whisper</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Whisper";

    /// <summary>Folder for the SQLite database and the data-protection keys; relative to the working directory.</summary>
    public string DataPath { get; set; } = "./data";
}
