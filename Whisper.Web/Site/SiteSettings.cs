using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Whisper.Web.Storage;

namespace Whisper.Web.Site;

/// <summary>The notice on the landing page, with the date the admin set it (none for one fixed in configuration).</summary>
public sealed record Notice(string Text, DateTimeOffset? Since);

/// <summary>
/// What the operator publishes, as the pages show it: each setting from configuration when set there (the admin then
/// sees it read-only), otherwise as the admin saved it in the database, otherwise the default. Mirrored in memory and
/// reloaded when another node saves.
/// </summary>
public sealed class SiteSettings(Database database, IOptions<SiteOptions> configured, TimeProvider time) : ISchema
{
    public const string Topic = "site";
    public const string DefaultName = "Whisper";

    private volatile SavedRows saved = new(new Dictionary<string, (string, DateTimeOffset)>(StringComparer.Ordinal));

    public string Sql => """
        CREATE TABLE IF NOT EXISTS site_settings (
            key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL
        );
        """;

    /// <summary>The settings in force: configured, else saved by the admin, else the defaults.</summary>
    public SiteOptions Value
    {
        get
        {
            var config = configured.Value;
            var stored = saved;
            return new SiteOptions
            {
                Name = Pick(config.Name, stored.Text(Keys.Name)) ?? DefaultName,
                Operator = Pick(config.Operator, stored.Text(Keys.Operator)) ?? "",
                Contact = config.Contact.Count > 0 ? config.Contact : stored.Contact,
                HostingProvider = config.HostingProvider,
                PolicyUpdated = config.PolicyUpdated,
                Notice = Pick(config.Notice, stored.Text(Keys.Notice)) ?? "",
            };
        }
    }

    /// <summary>Which settings configuration fixes, so the admin pages show them read-only.</summary>
    public bool IsConfigured(string key) => key switch
    {
        Keys.Name => configured.Value.Name.Trim().Length > 0,
        Keys.Operator => configured.Value.Operator.Trim().Length > 0,
        Keys.Contact => configured.Value.Contact.Count > 0,
        Keys.Notice => configured.Value.Notice.Trim().Length > 0,
        _ => false,
    };

    /// <summary>What the admin saved for <paramref name="key"/>, whatever configuration says; null when nothing is saved.</summary>
    public string? Saved(string key) => saved.Text(key);

    /// <summary>The notice shown now, or null; one from configuration carries no date (a restart is not a change).</summary>
    public Notice? Notice => IsConfigured(Keys.Notice) ? new Notice(configured.Value.Notice.Trim(), null)
        : saved.Rows.TryGetValue(Keys.Notice, out var row) ? new Notice(row.Value, row.At) : null;

    public async Task LoadAsync()
    {
        var rows = await database.QueryAsync(
            "SELECT key, value, updated_at FROM site_settings",
            reader => (Key: reader.GetString(0), Value: reader.GetString(1), At: DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
        saved = new SavedRows(rows.ToDictionary(r => r.Key, r => (r.Value, r.At), StringComparer.Ordinal));
    }

    /// <summary>Saves a setting the admin changed, or removes it when <paramref name="value"/> is blank.</summary>
    public async Task SaveAsync(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            await database.ExecuteAsync("DELETE FROM site_settings WHERE key = @key", ("@key", key));
        }
        else
        {
            await database.ExecuteAsync(
                """
                INSERT INTO site_settings (key, value, updated_at) VALUES (@key, @value, @at)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
                ("@key", key), ("@value", value.Trim()), ("@at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        }

        await LoadAsync();
    }

    public Task SaveContactAsync(IReadOnlyList<ContactWay> ways) =>
        SaveAsync(Keys.Contact, ways.Count == 0 ? null : JsonSerializer.Serialize(ways));

    private static string? Pick(string fromConfiguration, string? fromDatabase) =>
        fromConfiguration.Trim().Length > 0 ? fromConfiguration.Trim() : fromDatabase;

    /// <summary>The settings the admin may save (when configuration leaves them open).</summary>
    public static class Keys
    {
        public const string Name = "name";
        public const string Operator = "operator";
        public const string Contact = "contact";
        public const string Notice = "notice";
    }

    private sealed record SavedRows(Dictionary<string, (string Value, DateTimeOffset At)> Rows)
    {
        public string? Text(string key) => Rows.TryGetValue(key, out var row) ? row.Value : null;

        public List<ContactWay> Contact => Text(Keys.Contact) is { } json ? JsonSerializer.Deserialize<List<ContactWay>>(json) ?? [] : [];
    }
}
