using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>
/// The first admin's password (account <see cref="Accounts.FirstAdmin"/>): its hash from configuration, or one set once
/// through the setup link printed at start.
/// Hashed with ASP.NET Core Identity's PBKDF2 hasher; the plain password is never kept.
/// </summary>
public sealed class AdminPassword(Database database, IOptions<AdminOptions> options) : ISchema
{
    public const int MinLength = 12;
    private const string StoredKey = "admin_password_hash";
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Admin = new();

    private string? storedHash;
    private byte[]? setupTokenHash;

    public string Sql => "CREATE TABLE IF NOT EXISTS admin_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;";

    public bool IsSet => CurrentHash is not null;

    /// <summary>Names the password in force without revealing it: sessions made under another one are over.</summary>
    public string Version => Accounts.VersionOf(CurrentHash);

    private string? CurrentHash => string.IsNullOrWhiteSpace(options.Value.PasswordHash) ? storedHash : options.Value.PasswordHash;

    public static string Hash(string password) => Hasher.HashPassword(Admin, password);

    /// <summary>The one-time setup token printed at start while no password is set; null once one is.</summary>
    public string? SetupToken { get; private set; }

    /// <summary>Loads a stored password; when none exists, makes a fresh one-time <see cref="SetupToken"/>.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        storedHash = await database.ScalarAsync("SELECT value FROM admin_settings WHERE key = @key", ("@key", StoredKey)) as string;
        if (IsSet)
        {
            return;
        }

        SetupToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        setupTokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(SetupToken));
    }

    public bool Verify(string? password) => CurrentHash is { } hash && Matches(hash, password);

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="hash"/> was made from.</summary>
    public static bool Matches(string hash, string? password) =>
        !string.IsNullOrEmpty(password) && Hasher.VerifyHashedPassword(Admin, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>True while no password is set and the token is the one printed at start.</summary>
    public bool AcceptsSetupToken(string? token) =>
        !IsSet && setupTokenHash is { } expected && token is not null
        && CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Sets the password once, with the setup token; the token stops working.</summary>
    public async Task<bool> SetUpAsync(string? token, string password)
    {
        if (!AcceptsSetupToken(token))
        {
            return false;
        }

        var hash = Hash(password);
        await database.ExecuteAsync("INSERT INTO admin_settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ("@key", StoredKey), ("@value", hash));
        storedHash = hash;
        setupTokenHash = null;
        SetupToken = null;
        return true;
    }

    /// <summary>Why a new password is not acceptable (the key of its sentence in <c>AdminText</c>, said with <see cref="MinLength"/>), or null.</summary>
    public static string? Weakness(string? password, string? confirmation) =>
        string.IsNullOrEmpty(password) || password.Length < MinLength ? "Password.TooShort"
        : password != confirmation ? "Password.Differ"
        : null;
}
