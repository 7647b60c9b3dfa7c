using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Whisper.Web.Storage;

/// <summary>A table set owned by one feature, created at start if missing.</summary>
public interface ISchema
{
    /// <summary>
    /// The tables in SQLite's spelling; <see cref="Database"/> turns the few words PostgreSQL spells differently
    /// (BLOB, AUTOINCREMENT ids, WITHOUT ROWID) into its own, so one text serves both.
    /// </summary>
    string Sql { get; }
}

/// <summary>
/// Whisper's few durable records: names, tombstones, settings, sanctions, reports, counts; never messages.
/// SQLite under <c>Whisper:DataPath</c> by default, or PostgreSQL when several nodes share them.
/// Statements use <c>@name</c> parameters, which both providers read.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly DbDataSource source;

    public Database(IOptions<StorageOptions> storage, IOptions<DatabaseOptions> options)
    {
        DataPath = Path.GetFullPath(storage.Value.DataPath);
        Directory.CreateDirectory(DataPath);
        Provider = options.Value.Provider;
        source = Provider switch
        {
            DatabaseProvider.Postgres => NpgsqlDataSource.Create(options.Value.ConnectionString),
            _ => SqliteFactory.Instance.CreateDataSource(new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(DataPath, FileName),
                Pooling = true,
                DefaultTimeout = 10,
            }.ToString()),
        };
    }

    /// <summary>The SQLite database's file name under <see cref="DataPath"/>.</summary>
    public const string FileName = "whisper.db";

    public string DataPath { get; }

    public DatabaseProvider Provider { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await source.OpenConnectionAsync(cancellationToken);

    /// <summary>A command on <paramref name="connection"/> with named parameters (null becomes SQL NULL).</summary>
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs one statement; returns the rows changed.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query and reads every row with <paramref name="row"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> row, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    /// <summary>The first column of the first row, or null.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? value : null;
    }

    /// <summary>True when a statement failed because a row with that key or unique value exists.</summary>
    public static bool IsUniqueViolation(DbException exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    public async Task CreateSchemaAsync(IEnumerable<ISchema> schemas, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (page renders) run while a join commits; FULL sync makes a join durable before we answer.
            await using var pragmas = Command(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var statements = schemas.Select(s => Translate(s.Sql));
        if (Provider == DatabaseProvider.Postgres)
        {
            // Nodes starting together take turns: concurrent CREATE TABLE IF NOT EXISTS can collide in PostgreSQL.
            statements = statements.Prepend("SELECT pg_advisory_xact_lock(7305186)");
        }

        foreach (var sql in statements)
        {
            await using var command = Command(connection, sql);
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Adds a column to a table made by an earlier version, when it lacks it (both engines; a no-op once added).
    /// <paramref name="definition"/> must suit rows already there: NULL, or NOT NULL with a DEFAULT.
    /// </summary>
    public async Task AddColumnAsync(string table, string column, string definition)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await ExecuteAsync($"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {definition}");
            return;
        }

        var columns = await QueryAsync($"SELECT name FROM pragma_table_info('{table}')", reader => reader.GetString(0));
        if (!columns.Contains(column))
        {
            await ExecuteAsync($"ALTER TABLE {table} ADD COLUMN {column} {definition}");
        }
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();

    private string Translate(string sql) => Provider != DatabaseProvider.Postgres ? sql : sql
        .Replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", StringComparison.Ordinal)
        .Replace(" BLOB ", " BYTEA ", StringComparison.Ordinal)
        .Replace(") WITHOUT ROWID;", ");", StringComparison.Ordinal);
}
