using System.Globalization;
using Microsoft.Extensions.Options;
using Whisper.Web.Storage;

namespace Whisper.Web.Site;

/// <summary>The notice on the landing page, with the date it was set.</summary>
public sealed record Notice(string Text, DateTimeOffset Since);

/// <summary>
/// The site notice: from configuration when set there (the admin then sees it read-only), otherwise kept in the
/// database by the admin, mirrored in memory and reloaded when another node changes it.
/// </summary>
public sealed class SiteNotice(Database database, IOptions<SiteOptions> site, TimeProvider time) : ISchema
{
    public const string Topic = "site";
    private const string Key = "notice";
    private readonly DateTimeOffset started = time.GetUtcNow();
    private volatile Notice? saved;

    public string Sql => """
        CREATE TABLE IF NOT EXISTS site_settings (
            key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL
        );
        """;

    /// <summary>Set in configuration: shown as it is, and the admin pages cannot change it.</summary>
    public bool IsConfigured => site.Value.Notice.Trim().Length > 0;

    /// <summary>The notice shown now, or null; a configured one is dated from this start.</summary>
    public Notice? Current => IsConfigured ? new Notice(site.Value.Notice.Trim(), started) : saved;

    public async Task LoadAsync()
    {
        var rows = await database.QueryAsync(
            "SELECT value, updated_at FROM site_settings WHERE key = @key",
            reader => new Notice(reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture)), ("@key", Key));
        saved = rows.SingleOrDefault();
    }

    /// <summary>Sets the notice, or clears it when <paramref name="text"/> is blank.</summary>
    public async Task SetAsync(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            await database.ExecuteAsync("DELETE FROM site_settings WHERE key = @key", ("@key", Key));
        }
        else
        {
            await database.ExecuteAsync(
                """
                INSERT INTO site_settings (key, value, updated_at) VALUES (@key, @value, @at)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
                ("@key", Key), ("@value", text.Trim()), ("@at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        }

        await LoadAsync();
    }
}
