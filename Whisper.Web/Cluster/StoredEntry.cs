using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using Whisper.Web.Rooms;

namespace Whisper.Web.Cluster;

/// <summary>
/// A room entry as the shared log stores it: without words. A message's author, text, quote and file are kept once,
/// as its current version beside the stream; a change (an edit, a reaction, a forgotten name, an expired file) is
/// stored as the numbers of the messages it changed, with their new versions written over the old; a deletion drops
/// the version. So Redis holds what every node's memory holds, and no earlier text or name.
/// </summary>
internal sealed record StoredEntry(string Kind, string? Json = null, long? After = null, long? Deletes = null, ChatMessage? Posted = null)
{
    public IReadOnlyList<ChatMessage> Versions { get; init; } = [];

    public static StoredEntry Of(Room room, RoomEntry entry) => entry switch
    {
        RoomEntry.Posted posted => new("posted", Posted: posted.Message),
        RoomEntry.Noticed => new("noticed", JsonSerializer.Serialize(entry)),
        // The deletion notice names the message's number only; the answers' emptied quotes are versions.
        RoomEntry.Removed removed => Changing(room, entry, new("removed", JsonSerializer.Serialize(entry), Deletes: removed.Sequence)),
        _ => Changing(room, entry, new("changed")),
    };

    /// <summary>The script's arguments from its 7th on (see <see cref="RoomLogScripts.Append"/>).</summary>
    public RedisValue[] Arguments(int backstop, string publish)
    {
        var values = new List<RedisValue>(8 + (Versions.Count * 2))
        {
            Kind, backstop, Text(After), Json ?? "", string.Join(' ', Versions.Select(v => v.Sequence)), Text(Deletes),
            Posted is null ? "" : JsonSerializer.Serialize(Posted), publish,
        };
        foreach (var version in Versions)
        {
            values.Add(version.Sequence);
            values.Add(JsonSerializer.Serialize(version));
        }

        return [.. values];
    }

    /// <summary>
    /// The entry to apply for a stored one read back, with the messages' current versions: a message deleted since is
    /// passed over, a change restates what it changed as it now is (never as it was).
    /// </summary>
    public static async Task<RoomEntry> ReadAsync(
        Room room, long sequence, IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<long, ChatMessage> held, Func<string, long, string, RoomEntry> deserialize)
    {
        switch (fields.GetValueOrDefault("k"))
        {
            case "posted" when held.TryGetValue(sequence, out var message):
                // Rendered in the language this code runs in (a reader's request, or English outside one), and labelled so.
                return new RoomEntry.Posted(message, await room.RenderAsync(message)) { Language = Sse.FragmentLanguage.Of(Sse.FragmentLanguage.Current) };
            case "posted":
                return new RoomEntry.Restated(new Dictionary<long, ChatMessage>());
            case "changed":
                var changed = fields.GetValueOrDefault("m", "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(n => long.Parse(n, CultureInfo.InvariantCulture)).Where(held.ContainsKey).Distinct();
                return new RoomEntry.Restated(changed.ToDictionary(n => n, n => held[n]));
            default:
                // Deletions and notices, and entries stored whole by a node of an earlier release.
                return deserialize(room.Name, sequence, fields.GetValueOrDefault("e", ""));
        }
    }

    /// <summary>A held message's current version, numbered; null when it cannot be read (a node of another release).</summary>
    public static ChatMessage? Version(string json, long sequence)
    {
        try
        {
            return JsonSerializer.Deserialize<ChatMessage>(json) is { } message ? message with { Sequence = sequence } : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static StoredEntry Changing(Room room, RoomEntry entry, StoredEntry stored)
    {
        var (after, changed) = room.Preview(entry);
        return stored with { After = after, Versions = changed };
    }

    private static string Text(long? number) => number?.ToString(CultureInfo.InvariantCulture) ?? "";
}
