using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Whisper.Web.Storage;

namespace Whisper.Web.Identity;

/// <summary>
/// One-time codes that move a name to another device. Ten characters of Crockford's base32 (50 bits, no
/// look-alike letters), valid for ten minutes, used once, and stored only as their SHA-256.
/// </summary>
public sealed class TransferCodes(Database database, IdentityStore identities, TimeProvider time) : ISchema
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 10;

    public string Sql => """
        CREATE TABLE IF NOT EXISTS transfer_codes (
            code_hash BLOB PRIMARY KEY, name TEXT NOT NULL, expires_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    /// <summary>A fresh code for <paramref name="name"/>; any earlier code of that name stops working.</summary>
    public async Task<(string Code, DateTimeOffset ExpiresAt)> IssueAsync(string name)
    {
        var code = new string(RandomNumberGenerator.GetItems<char>(Alphabet, Length));
        var expires = time.GetUtcNow() + Lifetime;
        await ForgetAsync(name);
        await database.ExecuteAsync(
            "INSERT INTO transfer_codes (code_hash, name, expires_at) VALUES (@hash, @name, @expires)",
            ("@hash", Hash(code)), ("@name", name), ("@expires", expires.ToString("O", CultureInfo.InvariantCulture)));
        return (Format(code), expires);
    }

    /// <summary>Uses a code: the name moves to <paramref name="newTokenHash"/>. Null when the code is unknown, used or expired.</summary>
    public async Task<Visitor?> RedeemAsync(string? typed, byte[] newTokenHash)
    {
        if (Normalise(typed) is not { } code)
        {
            return null;
        }

        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Deleted as it is read: a code works once even when two devices race with it.
        await using var command = Database.Command(connection, "DELETE FROM transfer_codes WHERE code_hash = @hash RETURNING name, expires_at", ("@hash", Hash(code)));
        command.Transaction = transaction;
        string? name = null;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync() && DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture) > time.GetUtcNow())
            {
                name = reader.GetString(0);
            }
        }

        await transaction.CommitAsync();
        if (name is null || !await identities.MoveAsync(name, newTokenHash))
        {
            return null;
        }

        return await identities.FindAsync(newTokenHash);
    }

    /// <summary>Drops the name's codes and every expired one.</summary>
    public Task ForgetAsync(string name) => database.ExecuteAsync(
        "DELETE FROM transfer_codes WHERE name = @name OR expires_at <= @now",
        ("@name", name), ("@now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));

    /// <summary>Upper case, no spaces or dashes, and the letters people confuse read as the digits they look like.</summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null)
        {
            return null;
        }

        var code = new StringBuilder(Length);
        foreach (var c in typed.ToUpperInvariant())
        {
            var read = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (Alphabet.Contains(read, StringComparison.Ordinal))
            {
                code.Append(read);
            }
            else if (c is not (' ' or '-'))
            {
                return null;
            }
        }

        return code.Length == Length ? code.ToString() : null;
    }

    public static byte[] Hash(string normalisedCode) => SHA256.HashData(Encoding.ASCII.GetBytes(normalisedCode));

    private static string Format(string code) => $"{code[..5]}-{code[5..]}";
}
