using System.Globalization;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>One admin action: when, what, and on what. Never who asked from where: no addresses are written.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Action, string Target);

/// <summary>Every admin action, kept so operators can see what moderation did and when.</summary>
public sealed class AuditLog(Database database, TimeProvider time) : ISchema
{
    public string Sql => """
        CREATE TABLE IF NOT EXISTS audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL
        );
        """;

    public Task WriteAsync(string action, string target) => database.ExecuteAsync(
        "INSERT INTO audit_log (at, action, target) VALUES (@at, @action, @target)",
        ("@at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), ("@action", action), ("@target", target));

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int count) => await database.QueryAsync(
        "SELECT at, action, target FROM audit_log ORDER BY id DESC LIMIT @count",
        reader => new AuditEntry(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2)),
        ("@count", count));

    /// <summary>Deletes entries written before <paramref name="cutoff"/>; returns how many.</summary>
    public Task<int> DeleteWrittenBeforeAsync(DateTimeOffset cutoff) =>
        database.ExecuteAsync("DELETE FROM audit_log WHERE at < @cutoff", ("@cutoff", cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
}
