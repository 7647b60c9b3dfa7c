using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>
/// Sessions of the moderation accounts, held by the server so that logging out really ends one: the cookie's ticket
/// names a session and its account, and every admin request checks both in the database (shared by every node).
/// Logging out ends that session, "log out everywhere" ends all of the account's, disabling an account ends all of
/// its sessions on every node at once, and a new password ends every session made with the old one.
/// Only the SHA-256 of a session id is stored, with its account and when it was last used.
/// </summary>
public sealed class AdminSessions(Database database, Accounts accounts, IOptions<AdminOptions> options, TimeProvider time) : ISchema
{
    public const string SessionClaim = "whisper:session";
    public const string RoomsClaim = "whisper:rooms";
    private const string PasswordClaim = "whisper:password";

    /// <summary>A session's last use is written at most this often, not on every request.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    // The single-password sessions of earlier versions named no account: they end once, at the upgrade.
    public string Sql => """
        DROP TABLE IF EXISTS admin_sessions;
        CREATE TABLE IF NOT EXISTS account_sessions (id TEXT PRIMARY KEY, account TEXT NOT NULL, last_used TEXT NOT NULL) WITHOUT ROWID;
        """;

    private TimeSpan Lifetime => TimeSpan.FromHours(options.Value.SessionHours);

    /// <summary>A new session of <paramref name="account"/>: its row, and the principal whose ticket carries it.</summary>
    public async Task<ClaimsPrincipal> StartAsync(Account account)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await database.ExecuteAsync("DELETE FROM account_sessions WHERE last_used < @stale", ("@stale", Stamp(now - Lifetime)));
        await database.ExecuteAsync("INSERT INTO account_sessions (id, account, last_used) VALUES (@id, @account, @now)", ("@id", Hash(id)), ("@account", account.Name), ("@now", Stamp(now)));
        return Principal(account, id, await accounts.PasswordVersionAsync(account.Name) ?? "none");
    }

    /// <summary>Ends the session this principal carries.</summary>
    public Task EndAsync(ClaimsPrincipal user) => user.FindFirstValue(SessionClaim) is { } id
        ? database.ExecuteAsync("DELETE FROM account_sessions WHERE id = @id", ("@id", Hash(id)))
        : Task.CompletedTask;

    /// <summary>Ends every session of one account, on every node.</summary>
    public Task EndAllAsync(string account) => database.ExecuteAsync("DELETE FROM account_sessions WHERE account = @account", ("@account", account));

    /// <summary>The cookie handler's check on every admin request: an ended, expired, disabled or old-password session is refused.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(SessionClaim) is not { } id || principal.FindFirstValue(ClaimTypes.Name) is not { } account
            || principal.FindFirstValue(PasswordClaim) != await accounts.PasswordVersionAsync(account))
        {
            await RejectAsync(context);
            return;
        }

        var now = time.GetUtcNow();
        var lastUsed = await database.ScalarAsync("SELECT last_used FROM account_sessions WHERE id = @id AND account = @account", ("@id", Hash(id)), ("@account", account)) as string;
        if (lastUsed is null || DateTimeOffset.Parse(lastUsed, CultureInfo.InvariantCulture) + Lifetime < now)
        {
            await RejectAsync(context);
            return;
        }

        // Polls and held streams are the page's doing, not the person's: an open dashboard must still log out.
        if (DateTimeOffset.Parse(lastUsed, CultureInfo.InvariantCulture) + TouchEvery < now && !NotActivityAttribute.Marks(context.HttpContext))
        {
            await database.ExecuteAsync("UPDATE account_sessions SET last_used = @now WHERE id = @id", ("@id", Hash(id)), ("@now", Stamp(now)));
        }

        // An admin changed this account's role or rooms: the session carries on under the new ones, from this request.
        if (await accounts.FindAsync(account) is { } current
            && (principal.FindFirstValue(ClaimTypes.Role) != current.Role.ToString() || principal.FindFirstValue(RoomsClaim) != string.Join(' ', current.Rooms)))
        {
            context.ReplacePrincipal(Principal(current, id, principal.FindFirstValue(PasswordClaim)!));
            context.ShouldRenew = true;
        }
    }

    private static ClaimsPrincipal Principal(Account account, string session, string passwordVersion) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, account.Name), new Claim(ClaimTypes.Role, account.Role.ToString()), new Claim(RoomsClaim, string.Join(' ', account.Rooms)),
         new Claim(SessionClaim, session), new Claim(PasswordClaim, passwordVersion)],
        ModerationFeature.Scheme));

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(ModerationFeature.Scheme);
    }

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>
/// Marks admin requests a page makes by itself (the live figures' poll, the held-messages stream): they neither renew the
/// cookie nor count as the session's last use, so a session ends after its hours without the person doing anything.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NotActivityAttribute : Attribute
{
    public static bool Marks(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<NotActivityAttribute>() is not null;
}
