using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>Admin: everything, including accounts, rooms, filters and settings. Moderator: the day-to-day work, in the rooms given.</summary>
public enum AccountRole
{
    Admin,
    Moderator,
}

/// <summary>
/// One person who moderates. <see cref="Rooms"/> empty: every room. <see cref="Invited"/>: the invitation link has not
/// been used yet, so no password is set.
/// </summary>
public sealed record Account(string Name, AccountRole Role, IReadOnlyList<string> Rooms, bool Disabled, bool Invited, DateTimeOffset CreatedAt)
{
    public bool MayModerate(string room) => Role == AccountRole.Admin || Rooms.Count == 0 || Rooms.Contains(room, StringComparer.Ordinal);
}

/// <summary>What became of an invitation: the account and its one-time link's token, or why none was made.</summary>
/// <summary>A made invitation, or why not: <see cref="Error"/> is a key of <c>AdminText</c>, said with the typed name.</summary>
public sealed record Invitation(Account? Account, string? Token, string? Error);

/// <summary>
/// The moderation team. The first admin is <see cref="FirstAdmin"/>, whose password is <see cref="AdminPassword"/>
/// (configuration or the setup link); every other account is invited by an admin with a one-time link and chooses
/// its own password, stored only as a hash. An invitation's token is stored only as its SHA-256.
/// </summary>
public sealed class Accounts(Database database, AdminPassword firstAdminPassword, IOptions<AdminOptions> options, TimeProvider time) : ISchema
{
    public const string FirstAdmin = "admin";
    private const string Columns = "name, role, rooms, disabled, password_hash IS NULL, created_at";

    public string Sql => """
        CREATE TABLE IF NOT EXISTS admin_accounts (
            name TEXT PRIMARY KEY, role TEXT NOT NULL, rooms TEXT NOT NULL, disabled INTEGER NOT NULL, created_at TEXT NOT NULL,
            password_hash TEXT NULL, invitation_hash TEXT NULL, invited_until TEXT NULL
        ) WITHOUT ROWID;
        """;

    /// <summary>Every account, the first admin first.</summary>
    public async Task<IReadOnlyList<Account>> AllAsync() =>
        [new Account(FirstAdmin, AccountRole.Admin, [], Disabled: false, Invited: !firstAdminPassword.IsSet, DateTimeOffset.MinValue),
         .. await database.QueryAsync($"SELECT {Columns} FROM admin_accounts ORDER BY name", Read)];

    public async Task<Account?> FindAsync(string? name) =>
        name == FirstAdmin ? (await AllAsync())[0]
        : name is null ? null
        : (await database.QueryAsync($"SELECT {Columns} FROM admin_accounts WHERE name = @name", Read, ("@name", name))).SingleOrDefault();

    /// <summary>The account this name and password open, or null; a disabled or still invited account opens nothing.</summary>
    public async Task<Account?> VerifyAsync(string? name, string? password)
    {
        if (name == FirstAdmin)
        {
            return firstAdminPassword.Verify(password) ? await FindAsync(name) : null;
        }

        var hash = await database.ScalarAsync("SELECT password_hash FROM admin_accounts WHERE name = @name AND disabled = 0", ("@name", name ?? "")) as string;
        return hash is not null && AdminPassword.Matches(hash, password) ? await FindAsync(name) : null;
    }

    /// <summary>Names the password in force for this account without revealing it: sessions made under another one are over.</summary>
    public static string VersionOf(string? hash) => hash is null ? "none" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash)))[..16];

    /// <summary>The password version of a session's account; null when the account is disabled, gone or not set up.</summary>
    public async Task<string?> PasswordVersionAsync(string account) =>
        account == FirstAdmin ? firstAdminPassword.IsSet ? firstAdminPassword.Version : null
        : await database.ScalarAsync("SELECT password_hash FROM admin_accounts WHERE name = @name AND disabled = 0", ("@name", account)) is string hash ? VersionOf(hash) : null;

    /// <summary>A new account waiting for its person to choose a password through the returned one-time link.</summary>
    public async Task<Invitation> InviteAsync(string name, AccountRole role, IReadOnlyList<string> rooms)
    {
        if (!IsValidName(name))
        {
            return new Invitation(null, null, "Accounts.Error.Name");
        }

        if (name == FirstAdmin || await FindAsync(name) is not null)
        {
            return new Invitation(null, null, "Accounts.Error.Taken");
        }

        var token = NewToken();
        var now = time.GetUtcNow();
        await database.ExecuteAsync(
            "INSERT INTO admin_accounts (name, role, rooms, disabled, created_at, invitation_hash, invited_until) VALUES (@name, @role, @rooms, 0, @now, @token, @until)",
            ("@name", name), ("@role", role.ToString()), ("@rooms", string.Join(' ', rooms)), ("@now", Stamp(now)), ("@token", HashToken(token)),
            ("@until", Stamp(now.AddDays(options.Value.InvitationDays))));
        return new Invitation(await FindAsync(name), token, null);
    }

    /// <summary>The account an invitation token opens while unused and unexpired, or null.</summary>
    public async Task<Account?> InvitedByAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var found = await database.QueryAsync(
            $"SELECT {Columns} FROM admin_accounts WHERE invitation_hash = @token AND invited_until > @now AND disabled = 0",
            Read, ("@token", HashToken(token)), ("@now", Stamp(time.GetUtcNow())));
        return found.SingleOrDefault();
    }

    /// <summary>Sets the invited account's password; the token stops working. Null when the token no longer opens anything.</summary>
    public async Task<Account?> AcceptAsync(string? token, string password)
    {
        if (await InvitedByAsync(token) is not { } account)
        {
            return null;
        }

        var changed = await database.ExecuteAsync(
            "UPDATE admin_accounts SET password_hash = @hash, invitation_hash = NULL, invited_until = NULL WHERE name = @name AND invitation_hash = @token",
            ("@hash", AdminPassword.Hash(password)), ("@name", account.Name), ("@token", HashToken(token!)));
        return changed == 1 ? account with { Invited = false } : null;
    }

    /// <summary>
    /// Gives an account another role or other rooms (an admin's rooms are all); its sessions pick the change up on their
    /// next request. The first admin stays an admin, or nobody could manage the team.
    /// </summary>
    public async Task<Account?> ChangeAsync(string name, AccountRole role, IReadOnlyList<string> rooms) =>
        name != FirstAdmin && await database.ExecuteAsync("UPDATE admin_accounts SET role = @role, rooms = @rooms WHERE name = @name",
            ("@role", role.ToString()), ("@rooms", role == AccountRole.Admin ? "" : string.Join(' ', rooms)), ("@name", name)) == 1
            ? await FindAsync(name)
            : null;

    /// <summary>Disables or enables an account; the first admin is never disabled, or nobody could manage the team.</summary>
    public async Task<bool> SetDisabledAsync(string name, bool disabled) =>
        name != FirstAdmin && await database.ExecuteAsync("UPDATE admin_accounts SET disabled = @disabled WHERE name = @name", ("@disabled", disabled ? 1 : 0), ("@name", name)) == 1;

    public static bool IsValidName(string? name) =>
        name is { Length: >= 2 and <= 32 } && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-');

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static Account Read(System.Data.Common.DbDataReader reader) => new(
        reader.GetString(0), Enum.Parse<AccountRole>(reader.GetString(1)),
        reader.GetString(2).Split(' ', StringSplitOptions.RemoveEmptyEntries), Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture) != 0,
        Convert.ToBoolean(reader.GetValue(4), CultureInfo.InvariantCulture), DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture));

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
