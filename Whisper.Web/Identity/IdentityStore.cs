using System.Data.Common;
using System.Globalization;
using Whisper.Web.Storage;

namespace Whisper.Web.Identity;

/// <summary>
/// Issues permanent names and finds them again by the hash of the visitor's cookie token.
/// <c>issued_names</c> keeps every name ever handed out, even after its owner leaves, so none is issued twice.
/// </summary>
public sealed class IdentityStore(Database database, NameGenerator names, TimeProvider time) : ISchema
{
    private const int MaxAttempts = 32;

    public string Sql => """
        CREATE TABLE IF NOT EXISTS issued_names (name TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS identities (
            token_hash BLOB PRIMARY KEY,
            name TEXT NOT NULL UNIQUE REFERENCES issued_names(name),
            created_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    /// <summary>Claims a never-issued name for this token hash; committed before it returns.</summary>
    public async Task<Visitor> ClaimAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var name = names.Draw();
            var createdAt = time.GetUtcNow();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                // Two statements, one transaction: the name's tombstone and its owner commit together or not at all.
                var created = createdAt.ToString("O", CultureInfo.InvariantCulture);
                await using var tombstone = Database.Command(connection, "INSERT INTO issued_names (name) VALUES (@name)", ("@name", name));
                await using var identity = Database.Command(connection, "INSERT INTO identities (token_hash, name, created_at) VALUES (@hash, @name, @created)",
                    ("@hash", tokenHash), ("@name", name), ("@created", created));
                foreach (var command in new[] { tombstone, identity })
                {
                    command.Transaction = transaction;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                return new Visitor(name, createdAt);
            }
            catch (DbException exception) when (Database.IsUniqueViolation(exception))
            {
                await transaction.RollbackAsync(cancellationToken);
                var existing = await FindAsync(tokenHash, cancellationToken);
                if (existing is not null)
                {
                    return existing;
                }
            }
        }

        throw new InvalidOperationException($"No free name found after {MaxAttempts} attempts.");
    }

    public async Task<Visitor?> FindAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Database.Command(connection, "SELECT name, created_at FROM identities WHERE token_hash = @hash", ("@hash", tokenHash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new Visitor(reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture));
    }

    /// <summary>Forgets the identity but keeps the name's tombstone, so it is never issued again.</summary>
    public async Task<bool> DeleteAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Database.Command(connection, "DELETE FROM identities WHERE token_hash = @hash", ("@hash", tokenHash));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Gives a name a new token hash (a move to another device): the old device's cookie stops working.</summary>
    public async Task<bool> MoveAsync(string name, byte[] newTokenHash) =>
        await database.ExecuteAsync("UPDATE identities SET token_hash = @hash WHERE name = @name", ("@hash", newTokenHash), ("@name", name)) > 0;

    /// <summary>Names ever issued, and identities still linked to a cookie: counts only, for the transparency page.</summary>
    public async Task<(long Issued, long Active)> CountAsync()
    {
        await using var connection = await database.OpenAsync();
        await using var command = Database.Command(connection, "SELECT (SELECT count(*) FROM issued_names), (SELECT count(*) FROM identities)");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<bool> WasIssuedAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Database.Command(connection, "SELECT 1 FROM issued_names WHERE name = @name", ("@name", name));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
