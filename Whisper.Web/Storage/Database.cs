using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Whisper.Web.Storage;

/// <summary>A table set owned by one feature, created at start if missing.</summary>
public interface ISchema
{
    string Sql { get; }
}

/// <summary>The SQLite file under <c>Whisper:DataPath</c>. Only names, tombstones and settings live here; never messages.</summary>
public sealed class Database
{
    private readonly string connectionString;

    public Database(IOptions<StorageOptions> options)
    {
        DataPath = Path.GetFullPath(options.Value.DataPath);
        Directory.CreateDirectory(DataPath);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataPath, "whisper.db"),
            Pooling = true,
            DefaultTimeout = 10,
        }.ToString();
    }

    public string DataPath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Runs one statement with named parameters; returns the rows changed.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query with named parameters and reads every row with <paramref name="row"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> row, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    public async Task CreateSchemaAsync(IEnumerable<ISchema> schemas, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // WAL lets readers (page renders) run while a join commits; FULL sync makes a join durable before we answer.
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", cancellationToken);
        foreach (var schema in schemas)
        {
            await ExecuteAsync(connection, schema.Sql, cancellationToken);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
