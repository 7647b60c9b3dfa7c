using Microsoft.Data.Sqlite;

namespace Whisper.Web.Storage;

/// <summary>
/// <c>dotnet run --project Whisper.Web -- backup &lt;file&gt;</c>: a consistent copy of the SQLite database, taken with
/// SQLite's online backup while the server runs. <c>-- restore &lt;file&gt;</c> puts one back (with the server stopped);
/// the database it replaces is kept beside it. With PostgreSQL, pg_dump and pg_restore do this (see the README).
/// </summary>
public static class BackupCommand
{
    /// <summary>The database file and the two SQLite keeps beside it while it is open.</summary>
    private static readonly string[] DatabaseFiles = ["", "-wal", "-shm"];

    public static bool TryRun(string[] args)
    {
        if (args is not [("backup" or "restore") and var verb, ..])
        {
            return false;
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production"}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var dataPath = Path.GetFullPath(configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.DataPath)}"] ?? new StorageOptions().DataPath);
        var provider = configuration[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}"];
        try
        {
            if (args.Length != 2)
            {
                throw new InvalidOperationException($"Usage: {verb} <file>");
            }

            if (string.Equals(provider, nameof(DatabaseProvider.Postgres), StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("This server keeps its data in PostgreSQL: use pg_dump and pg_restore (see the README's Backups).");
            }

            Console.WriteLine(verb == "backup" ? Backup(dataPath, args[1]) : Restore(args[1], dataPath));
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or SqliteException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Whisper cannot {verb}: {exception.Message}");
            Environment.ExitCode = 1;
        }

        return true;
    }

    /// <summary>Copies the live database page by page into <paramref name="file"/>, which must not exist yet.</summary>
    public static string Backup(string dataPath, string file)
    {
        var database = Path.Combine(dataPath, Database.FileName);
        if (!File.Exists(database))
        {
            throw new InvalidOperationException($"there is no database at {database}.");
        }

        if (File.Exists(file))
        {
            throw new InvalidOperationException($"{file} exists already; choose a new file.");
        }

        using (var source = Open(database, SqliteOpenMode.ReadOnly))
        using (var copy = Open(file, SqliteOpenMode.ReadWriteCreate))
        {
            source.BackupDatabase(copy);
        }

        return $"Backed up {database} to {Path.GetFullPath(file)} ({new FileInfo(file).Length:N0} bytes). The signing keys are in {Path.Combine(dataPath, "keys")}: copy that folder too.";
    }

    /// <summary>Puts <paramref name="file"/> in place of the database; the one it replaces is renamed, not deleted.</summary>
    public static string Restore(string file, string dataPath)
    {
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"there is no file {file}.");
        }

        using (var backup = Open(file, SqliteOpenMode.ReadOnly))
        using (var check = backup.CreateCommand())
        {
            check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'issued_names'";
            if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                throw new InvalidOperationException($"{file} is not a Whisper backup.");
            }
        }

        Directory.CreateDirectory(dataPath);
        var database = Path.Combine(dataPath, Database.FileName);
        var keptAs = database + ".before-restore-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var part in DatabaseFiles.Where(p => File.Exists(database + p)))
        {
            File.Move(database + part, keptAs + part);
        }

        using (var backup = Open(file, SqliteOpenMode.ReadOnly))
        using (var restored = Open(database, SqliteOpenMode.ReadWriteCreate))
        {
            backup.BackupDatabase(restored);
        }

        return File.Exists(keptAs) ? $"Restored {Path.GetFullPath(file)} into {database}; the database it replaced is kept as {keptAs}." : $"Restored {Path.GetFullPath(file)} into {database}.";
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
