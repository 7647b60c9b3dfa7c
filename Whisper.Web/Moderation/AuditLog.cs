using System.Globalization;
using System.Security.Claims;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>One moderation action: when, which account, what, and on what. Never from where: no addresses are written.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Action, string Target, string Account);

/// <summary>Every moderation action with the account that took it, kept so operators can see what moderation did and when.</summary>
public sealed class AuditLog(Database database, TimeProvider time, IHttpContextAccessor requests) : ISchema
{
    /// <summary>Who acted when no account did: the server itself (the raid shield, a filter).</summary>
    public const string Automatic = "automatic";

    public string Sql => """
        CREATE TABLE IF NOT EXISTS audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, account TEXT NULL
        );
        """;

    /// <summary>Adds the account column to a log written before there were several accounts; its old entries name none.</summary>
    public Task UpgradeAsync() => database.AddColumnAsync("audit_log", "account", "TEXT NULL");

    /// <summary>Writes an action taken by the account of the current admin request (or <see cref="Automatic"/> outside one).</summary>
    public Task WriteAsync(string action, string target) => database.ExecuteAsync(
        "INSERT INTO audit_log (at, action, target, account) VALUES (@at, @action, @target, @account)",
        ("@at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), ("@action", action), ("@target", target), ("@account", Actor));

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int count) => await database.QueryAsync(
        "SELECT at, action, target, account FROM audit_log ORDER BY id DESC LIMIT @count",
        reader => new AuditEntry(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? Accounts.FirstAdmin : reader.GetString(3)),
        ("@count", count));

    /// <summary>Deletes entries written before <paramref name="cutoff"/>; returns how many.</summary>
    public Task<int> DeleteWrittenBeforeAsync(DateTimeOffset cutoff) =>
        database.ExecuteAsync("DELETE FROM audit_log WHERE at < @cutoff", ("@cutoff", cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));

    private string Actor => requests.HttpContext?.User is { Identity.AuthenticationType: ModerationFeature.Scheme } user && user.FindFirstValue(ClaimTypes.Name) is { } name ? name : Automatic;
}
