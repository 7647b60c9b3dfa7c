namespace Whisper.Web.Storage;

/// <summary>Where Whisper keeps its few durable records (section <c>Whisper</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Whisper";

    /// <summary>Folder for the SQLite database and the data-protection keys; relative to the working directory.</summary>
    public string DataPath { get; set; } = "./data";
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which engine holds the durable records (section <c>Whisper:Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Whisper:Database";

    /// <summary><c>Sqlite</c> (the file under DataPath, nothing to install) or <c>Postgres</c> (shared by several nodes).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>An Npgsql connection string; required for <c>Postgres</c>, unused for SQLite.</summary>
    public string ConnectionString { get; set; } = "";
}
