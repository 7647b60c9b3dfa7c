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
/// Admin sessions held by the server, so that logging out really ends one: the cookie's ticket names a session,
/// and every admin request checks it in the database (shared by every node). Logging out ends that session,
/// "log out everywhere" ends them all, and a new admin password ends every session made with the old one.
/// Only the SHA-256 of a session id is stored, with when it was last used.
/// </summary>
public sealed class AdminSessions(Database database, AdminPassword password, IOptions<AdminOptions> options, TimeProvider time) : ISchema
{
    public const string SessionClaim = "whisper:session";
    private const string PasswordClaim = "whisper:password";

    /// <summary>A session's last use is written at most this often, not on every request.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    public string Sql => "CREATE TABLE IF NOT EXISTS admin_sessions (id TEXT PRIMARY KEY, last_used TEXT NOT NULL) WITHOUT ROWID;";

    private TimeSpan Lifetime => TimeSpan.FromHours(options.Value.SessionHours);

    /// <summary>A new session: its row, and the principal whose ticket carries it.</summary>
    public async Task<ClaimsPrincipal> StartAsync()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await database.ExecuteAsync("DELETE FROM admin_sessions WHERE last_used < @stale", ("@stale", Stamp(now - Lifetime)));
        await database.ExecuteAsync("INSERT INTO admin_sessions (id, last_used) VALUES (@id, @now)", ("@id", Hash(id)), ("@now", Stamp(now)));
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(SessionClaim, id), new Claim(PasswordClaim, password.Version)], ModerationFeature.Scheme));
    }

    /// <summary>Ends the session this principal carries.</summary>
    public Task EndAsync(ClaimsPrincipal user) => user.FindFirstValue(SessionClaim) is { } id
        ? database.ExecuteAsync("DELETE FROM admin_sessions WHERE id = @id", ("@id", Hash(id)))
        : Task.CompletedTask;

    /// <summary>Ends every admin session, on every node.</summary>
    public Task EndAllAsync() => database.ExecuteAsync("DELETE FROM admin_sessions");

    /// <summary>The cookie handler's check on every admin request: an ended, expired or old-password session is refused.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(SessionClaim) is not { } id || principal.FindFirstValue(PasswordClaim) != password.Version)
        {
            await RejectAsync(context);
            return;
        }

        var now = time.GetUtcNow();
        var lastUsed = await database.ScalarAsync("SELECT last_used FROM admin_sessions WHERE id = @id", ("@id", Hash(id))) as string;
        if (lastUsed is null || DateTimeOffset.Parse(lastUsed, CultureInfo.InvariantCulture) + Lifetime < now)
        {
            await RejectAsync(context);
            return;
        }

        if (DateTimeOffset.Parse(lastUsed, CultureInfo.InvariantCulture) + TouchEvery < now)
        {
            await database.ExecuteAsync("UPDATE admin_sessions SET last_used = @now WHERE id = @id", ("@id", Hash(id)), ("@now", Stamp(now)));
        }
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(ModerationFeature.Scheme);
    }

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
