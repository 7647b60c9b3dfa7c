using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>
/// One moderation action: when, which account, what, and on what. Never from where: no addresses are written.
/// <see cref="Arguments"/> is null for an entry written before the log was translated: its action is an English sentence,
/// shown as stored. Otherwise the action is a key of <c>AdminText</c> (<c>Audit.*</c>), said in the reader's language with
/// its arguments; see <see cref="AuditLog.Key"/> and <see cref="AuditLog.Seconds"/> for arguments that are words or lengths.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string Action, string Target, string Account, IReadOnlyList<string>? Arguments = null);

/// <summary>Every moderation action with the account that took it, kept so operators can see what moderation did and when.</summary>
public sealed class AuditLog(Database database, TimeProvider time, IHttpContextAccessor requests) : ISchema
{
    /// <summary>Who acted when no account did: the server itself (the raid shield, a filter).</summary>
    public const string Automatic = "automatic";

    public string Sql => """
        CREATE TABLE IF NOT EXISTS audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, account TEXT NULL, arguments TEXT NULL
        );
        """;

    /// <summary>An argument (or target) that is a word to translate: the key of <c>AdminText</c> it is said with.</summary>
    public static string Key(string key) => "key:" + key;

    /// <summary>An argument that is a length of time, said in the reader's language ("15 minutes").</summary>
    public static string Seconds(TimeSpan length) => "seconds:" + ((long)length.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds the columns a log written by an older version lacks: the account (from before there were several; its old
    /// entries name none) and the arguments (from before the log was translated; its old entries are English sentences).
    /// </summary>
    public async Task UpgradeAsync()
    {
        await database.AddColumnAsync("audit_log", "account", "TEXT NULL");
        await database.AddColumnAsync("audit_log", "arguments", "TEXT NULL");
    }

    /// <summary>
    /// Writes an action taken by the account of the current admin request (or <see cref="Automatic"/> outside one), as data:
    /// <paramref name="action"/> is a key of <c>AdminText</c> (<c>Audit.*</c>), shown in each reader's language with <paramref name="arguments"/>.
    /// </summary>
    public Task WriteAsync(string action, string target, params string[] arguments) => database.ExecuteAsync(
        "INSERT INTO audit_log (at, action, target, account, arguments) VALUES (@at, @action, @target, @account, @arguments)",
        ("@at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), ("@action", action), ("@target", target), ("@account", Actor),
        ("@arguments", JsonSerializer.Serialize(arguments)));

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int count) => await database.QueryAsync(
        "SELECT at, action, target, account, arguments FROM audit_log ORDER BY id DESC LIMIT @count",
        reader => new AuditEntry(
            DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? Accounts.FirstAdmin : reader.GetString(3),
            reader.IsDBNull(4) ? null : JsonSerializer.Deserialize<string[]>(reader.GetString(4))),
        ("@count", count));

    /// <summary>Deletes entries written before <paramref name="cutoff"/>; returns how many.</summary>
    public Task<int> DeleteWrittenBeforeAsync(DateTimeOffset cutoff) =>
        database.ExecuteAsync("DELETE FROM audit_log WHERE at < @cutoff", ("@cutoff", cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));

    private string Actor => requests.HttpContext?.User is { Identity.AuthenticationType: ModerationFeature.Scheme } user && user.FindFirstValue(ClaimTypes.Name) is { } name ? name : Automatic;
}
