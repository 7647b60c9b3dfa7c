using System.Collections.Concurrent;
using System.Globalization;
using Whisper.Web.Cluster;
using Whisper.Web.Storage;

namespace Whisper.Web.Push;

/// <summary>
/// One browser's subscription to one room, tied to the name that made it. <see cref="MentionsOnly"/>: pushed only for
/// messages that mention the name or answer its own, and for reactions to its own messages; otherwise every message.
/// Its pushes are written in <see cref="Language"/>, the language of the page that subscribed (a culture name; null for
/// one saved before languages, which reads English).
/// </summary>
public sealed record PushSubscription(
    long Id, string Name, string Room, string Endpoint, string P256dh, string Auth, bool ShowText, DateTimeOffset CreatedAt,
    bool MentionsOnly = false, string? Language = null);

/// <summary>Subscriptions in SQLite, mirrored in memory by room so a new message finds its subscribers without a query.</summary>
public sealed class PushSubscriptions(Database database, ClusterBus bus, TimeProvider time) : ISchema
{
    private readonly ConcurrentDictionary<long, PushSubscription> byId = new();

    public string Sql => """
        CREATE TABLE IF NOT EXISTS push_subscriptions (
            id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, room TEXT NOT NULL, endpoint TEXT NOT NULL,
            p256dh TEXT NOT NULL, auth TEXT NOT NULL, show_text BOOLEAN NOT NULL, created_at TEXT NOT NULL,
            mentions_only BOOLEAN NOT NULL DEFAULT FALSE, UNIQUE (endpoint, room)
        );
        """;

    public int Count => byId.Count;

    /// <summary>
    /// Told each subscription this node's mirror drops (unsubscribed, renewed, its identity deleted, refused by its push
    /// service, or removed on another node), so nothing waiting for it is sent after all.
    /// </summary>
    public event Action<long>? Removed;

    /// <summary>Whether the subscription still exists: checked again right before a push is encrypted and each time it is sent.</summary>
    public bool Holds(PushSubscription subscription) => byId.ContainsKey(subscription.Id);

    public IEnumerable<PushSubscription> ForRoom(string room) => byId.Values.Where(s => s.Room == room);

    public IReadOnlyList<PushSubscription> ForName(string name) => byId.Values.Where(s => s.Name == name).OrderBy(s => s.Room, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Adds the columns a table made by an earlier version lacks (the table's CREATE is left as it was, so this is the one
    /// place they are made): the choice of mentions only (old subscriptions keep every message) and the language (old
    /// subscriptions keep NULL and are pushed in English).
    /// </summary>
    public async Task UpgradeAsync()
    {
        await database.AddColumnAsync("push_subscriptions", "mentions_only", "BOOLEAN NOT NULL DEFAULT FALSE");
        await database.AddColumnAsync("push_subscriptions", "language", "TEXT NULL");
    }

    /// <summary>Reads every subscription (at start, and when another node changed them: the posting node sends each push).</summary>
    public async Task LoadAsync()
    {
        var saved = await database.QueryAsync(
            "SELECT id, name, room, endpoint, p256dh, auth, show_text, created_at, mentions_only, language FROM push_subscriptions",
            reader => new PushSubscription(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetBoolean(6), DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                reader.GetBoolean(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        var gone = byId.Keys.Except(saved.Select(s => s.Id)).ToList();
        byId.ReplaceWith(saved.Select(s => KeyValuePair.Create(s.Id, s)));
        foreach (var id in gone)
        {
            Drop(id);
        }
    }

    /// <summary>Adds or renews a subscription; the same browser subscribing again replaces its earlier one for that room.</summary>
    public async Task<PushSubscription> SaveAsync(
        string name, string room, string endpoint, string p256dh, string auth, bool showText, bool mentionsOnly = false, string? language = null)
    {
        await DeleteAsync(endpoint, room);
        var now = time.GetUtcNow();
        var id = Convert.ToInt64(await database.ScalarAsync(
            """
            INSERT INTO push_subscriptions (name, room, endpoint, p256dh, auth, show_text, created_at, mentions_only, language)
            VALUES (@name, @room, @endpoint, @p256dh, @auth, @show, @at, @mentions, @language) RETURNING id
            """,
            ("@name", name), ("@room", room), ("@endpoint", endpoint), ("@p256dh", p256dh), ("@auth", auth), ("@show", showText),
            ("@at", now.ToString("O", CultureInfo.InvariantCulture)), ("@mentions", mentionsOnly), ("@language", language)), CultureInfo.InvariantCulture);
        var saved = new PushSubscription(id, name, room, endpoint, p256dh, auth, showText, now, mentionsOnly, language);
        byId[id] = saved;
        await bus.PublishAsync(Topic);
        return saved;
    }

    /// <summary>Changes what one subscription is pushed (the form on /me); false when it is gone.</summary>
    public async Task<bool> ChooseAsync(long id, bool mentionsOnly)
    {
        var changed = await database.ExecuteAsync("UPDATE push_subscriptions SET mentions_only = @mentions WHERE id = @id", ("@mentions", mentionsOnly), ("@id", id)) == 1;
        if (changed && byId.TryGetValue(id, out var subscription))
        {
            byId[id] = subscription with { MentionsOnly = mentionsOnly };
        }

        await bus.PublishAsync(Topic);
        return changed;
    }

    public async Task<bool> RemoveAsync(string endpoint, string room)
    {
        var removed = await DeleteAsync(endpoint, room);
        await bus.PublishAsync(Topic);
        return removed;
    }

    public async Task<bool> RemoveAsync(long id)
    {
        await database.ExecuteAsync("DELETE FROM push_subscriptions WHERE id = @id", ("@id", id));
        await bus.PublishAsync(Topic);
        return Drop(id);
    }

    /// <summary>Deletes every subscription of a name (its identity is being deleted).</summary>
    public async Task RemoveAllAsync(string name)
    {
        await database.ExecuteAsync("DELETE FROM push_subscriptions WHERE name = @name", ("@name", name));
        foreach (var subscription in byId.Values.Where(s => s.Name == name))
        {
            Drop(subscription.Id);
        }

        await bus.PublishAsync(Topic);
    }

    public const string Topic = "push";

    /// <summary>
    /// By endpoint and room in the database itself, not through this node's mirror: another node may have saved it a
    /// moment ago. The other nodes are told once, by the caller.
    /// </summary>
    private async Task<bool> DeleteAsync(string endpoint, string room)
    {
        var deleted = await database.ExecuteAsync("DELETE FROM push_subscriptions WHERE endpoint = @endpoint AND room = @room", ("@endpoint", endpoint), ("@room", room));
        foreach (var subscription in byId.Values.Where(s => s.Endpoint == endpoint && s.Room == room))
        {
            Drop(subscription.Id);
        }

        return deleted > 0;
    }

    /// <summary>Removes one from the mirror (if still there) and tells whoever holds pushes for it.</summary>
    private bool Drop(long id)
    {
        var dropped = byId.TryRemove(id, out _);
        Removed?.Invoke(id);
        return dropped;
    }
}
