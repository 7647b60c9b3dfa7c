using System.Collections.Concurrent;
using Whisper.Web.Files;

namespace Whisper.Web.Moderation;

/// <summary>
/// A room message a filter held: shown to its author only until a moderator approves or removes it. <see cref="Edits"/>:
/// the number of the author's message this text would replace (an edit), null for a new message.
/// </summary>
public sealed record HeldMessage(long Id, string Room, string Author, string Text, Attachment? File, DateTimeOffset At, long? Edits = null);

/// <summary>
/// The review queue of held messages, in memory only like every message (gone at a restart), and on the node that
/// held them. At most <see cref="Capacity"/>: past that the oldest go, so a flood cannot grow memory. Each change is
/// shown at once to the moderators watching the room (<see cref="HeldStreams"/>).
/// </summary>
public sealed class HeldMessages(HeldStreams streams)
{
    public const int Capacity = 500;

    private readonly ConcurrentDictionary<long, HeldMessage> waiting = new();
    private long lastId;

    public IReadOnlyList<HeldMessage> All => waiting.Values.OrderBy(m => m.Id).ToList();

    public int Count => waiting.Count;

    /// <summary>The messages held in one room, oldest first.</summary>
    public HeldList In(string room) => new(room, All.Where(m => string.Equals(m.Room, room, StringComparison.OrdinalIgnoreCase)).ToList());

    public HeldMessage? Find(long id) => waiting.TryGetValue(id, out var message) ? message : null;

    public async Task<HeldMessage> HoldAsync(string room, string author, string text, Attachment? file, DateTimeOffset at, long? edits = null)
    {
        var message = new HeldMessage(Interlocked.Increment(ref lastId), room, author, text, file, at, edits);
        waiting[message.Id] = message;
        while (waiting.Count > Capacity)
        {
            waiting.TryRemove(waiting.Keys.Min(), out _);
        }

        await streams.ChangedAsync(In(room));
        return message;
    }

    /// <summary>
    /// Takes a held message out of the queue (to approve or remove it); null when another moderator already did, or when
    /// <paramref name="mayTake"/> refuses it (then it stays). Only the very message checked is removed.
    /// </summary>
    public async Task<HeldMessage?> TakeAsync(long id, Func<HeldMessage, bool> mayTake)
    {
        if (!waiting.TryGetValue(id, out var message) || !mayTake(message) || !waiting.TryRemove(KeyValuePair.Create(id, message)))
        {
            return null;
        }

        await streams.ChangedAsync(In(message.Room));
        return message;
    }
}
