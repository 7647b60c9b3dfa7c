using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Whisper.Web.Storage;

namespace Whisper.Web.Tests.Support;

/// <summary>
/// Which engine the suite runs on. By default SQLite in each app's data folder; with <c>WHISPER_TEST_POSTGRES</c>
/// set to a server's connection string (test.sh does so for its second run), every data folder gets its own
/// PostgreSQL database instead, named after the folder so that a restart on the same folder finds its records.
/// </summary>
public static class TestDatabases
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("WHISPER_TEST_POSTGRES") is { Length: > 0 } server ? server : null;

    public static bool OnPostgres => PostgresServer is not null;

    /// <summary>The configuration an app over <paramref name="dataPath"/> needs for the engine under test.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> SettingsFor(string dataPath)
    {
        if (PostgresServer is null)
        {
            yield break;
        }

        yield return new("Whisper:Database:Provider", "Postgres");
        yield return new("Whisper:Database:ConnectionString", ConnectionStringFor(dataPath));
    }

    public static Database Create(string dataPath) => new(
        Options.Create(new StorageOptions { DataPath = dataPath }),
        Options.Create(PostgresServer is null
            ? new DatabaseOptions()
            : new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = ConnectionStringFor(dataPath) }));

    /// <summary>Closes a database made by <see cref="Create"/> and deletes its folder (SQLite's pooled handles first).</summary>
    public static async Task DeleteAsync(Database database, string dataPath)
    {
        await database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        WhisperApp.TryDelete(dataPath);
    }

    /// <summary>Creates the folder's database on first use and returns how to reach it.</summary>
    public static string ConnectionStringFor(string dataPath)
    {
        var server = PostgresServer ?? throw new InvalidOperationException("No PostgreSQL server is configured for the tests.");
        var name = "whisper_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataPath))))[..24];
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
            exists.Parameters.AddWithValue("name", name);
            if (exists.ExecuteScalar() is null)
            {
                try
                {
                    using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                    create.ExecuteNonQuery();
                }
                catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                    // Another test created it a moment ago.
                }
            }
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
