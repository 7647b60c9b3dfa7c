using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Whisper.Web.Rooms;

namespace Whisper.Web.Cluster;

/// <summary>
/// Every room's entries numbered by Redis, so all nodes agree: one script increments the room's counter, appends
/// the entry to the room's stream under that number, and publishes it. The stream is sized by messages, as the ring
/// is: it keeps everything from the oldest of the ring's worth of latest messages on, so reactions and edits never
/// push messages out of it (with a backstop of <see cref="Backstop"/> rings of entries in a room of few messages). Each node applies what it hears in number order; a number heard ahead of the next expected
/// means some were missed, and they are read back from the stream.
/// </summary>
public sealed class RedisRoomLog(ClusterConnection cluster, RoomChannels channels, IOptions<MessageOptions> messages, TimeProvider time, ILogger<RedisRoomLog> logger)
    : IRoomLog
{
    /// <summary>How many rings' worth of entries a room's stream holds at most, whatever they are.</summary>
    public const int Backstop = 8;

    private const long Conflict = 2;

    /// <summary>Tries at a change while other nodes keep changing the room; each try first catches up with them.</summary>
    private const int MaxAttempts = 20;

    private IDatabase Redis => cluster.Redis!.GetDatabase();

    public async Task<long> StartAsync(string room)
    {
        try
        {
            // Start just before the oldest entry still held, so opening the room replays the stream into the ring.
            var oldest = await Redis.StreamRangeAsync(LogKey(room), "-", "+", count: 1);
            if (oldest.Length > 0)
            {
                return SequenceOf((string)oldest[0].Id!) - 1;
            }

            await Redis.StringSetAsync(CounterKey(room), Now(), when: When.NotExists);
            return (long)await Redis.StringGetAsync(CounterKey(room));
        }
        catch (RedisException exception)
        {
            throw Unavailable(exception);
        }
    }

    public async Task<Appended> AppendAsync(Room room, RoomEntry entry, string? sendKey = null)
    {
        var json = JsonSerializer.Serialize(entry);
        RedisKey[] keys = sendKey is null
            ? [CounterKey(room.Name), LogKey(room.Name), PostedKey(room.Name), HeldKey(room.Name)]
            : [CounterKey(room.Name), LogKey(room.Name), PostedKey(room.Name), HeldKey(room.Name), SentKey(room.Name, sendKey)];
        Appended appended;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                RedisValue[] values = [Now(), messages.Value.RingSize, json, (string)cluster.RoomChannel(room.Name)!, room.Name, (long)SendKey.Lifetime.TotalMilliseconds,
                    .. StoredEntry.Of(room, entry).Arguments(messages.Value.RingSize * Backstop, cluster.RoomPublish)];
                var result = (RedisResult[])(await Redis.ScriptEvaluateAsync(RoomLogScripts.Append, keys, values))!;
                if ((long)result[1] != Conflict)
                {
                    appended = new Appended((long)result[0], Repeated: (long)result[1] == 1);
                    break;
                }

                // Another node changed the room since this one computed the change: catch up and compute it again.
                if (attempt == MaxAttempts)
                {
                    throw new RedisException($"Room {room.Name} kept changing while a change to it was computed.");
                }

                await CatchUpAsync(room);
            }
        }
        catch (RedisException exception)
        {
            throw Unavailable(exception);
        }

        // Applied here at once (read your own writes) unless the subscription got there first; a repeat's
        // entry may still be on its way here from the node that first took it.
        if (appended.Repeated)
        {
            await CatchUpAsync(room);
        }
        else
        {
            await ReceiveAsync(room, appended.Sequence, entry);
        }

        return appended;
    }

    public async Task<long?> SentAsync(string room, string sendKey)
    {
        try
        {
            var earlier = await Redis.StringGetAsync(SentKey(room, sendKey));
            return earlier.IsNull ? null : (long)earlier;
        }
        catch (RedisException exception)
        {
            throw Unavailable(exception);
        }
    }

    /// <summary>Applies an entry heard for this room: skipped when already applied, gaps before it read back first.</summary>
    public Task ReceiveAsync(Room room, long sequence, RoomEntry entry) => room.InOrderAsync(async () =>
    {
        if (sequence <= room.LastSequence)
        {
            return;
        }

        // Read back to the end, this entry included: what is read back is the room's latest state, on which applying
        // this entry again would apply it twice.
        if (sequence > room.LastSequence + 1)
        {
            await ReadBackAsync(room);
        }

        if (sequence == room.LastSequence + 1)
        {
            await room.ApplyAsync(sequence, entry);
        }
    });

    /// <summary>Hears the room's channel while a stream of it is open here; the room is up to date when this returns.</summary>
    public async Task<IAsyncDisposable> ListenAsync(Room room)
    {
        var listening = await channels.ListenAsync(room.Name, published => HeardAsync(room, published), () => CatchUpAsync(room));
        await CatchUpAsync(room);
        return listening;
    }

    /// <summary>Whether entries of the room reach this node as they are published (else a reader must catch it up first).</summary>
    public bool Hears(Room room) => channels.Hears(room.Name);

    private async Task HeardAsync(Room room, string published)
    {
        if (Parse(published) is var (_, sequence, json) && sequence > room.LastSequence)
        {
            await ReceiveAsync(room, sequence, Deserialize(room.Name, sequence, json));
        }
    }

    public Task CatchUpAsync(Room room) => room.InOrderAsync(() => ReadBackAsync(room));

    public async Task DeletedAsync(string room)
    {
        try
        {
            await Redis.KeyDeleteAsync([LogKey(room), PostedKey(room), HeldKey(room)]);
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "Could not delete the log of room {Room}", room);
        }
    }

    /// <summary>Parses what the append script published: the room, the number, the entry.</summary>
    public static (string Room, long Sequence, string Json)? Parse(string published)
    {
        var first = published.IndexOf('\n', StringComparison.Ordinal);
        var second = first < 0 ? -1 : published.IndexOf('\n', first + 1);
        return second > 0 && long.TryParse(published.AsSpan(first + 1, second - first - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? (published[..first], sequence, published[(second + 1)..])
            : null;
    }

    public RoomEntry Deserialize(string room, long sequence, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<RoomEntry>(json) ?? throw new JsonException("An empty entry.");
        }
        catch (JsonException exception)
        {
            // One unreadable entry (a node on another version) must not stop the room: it becomes an empty notice.
            logger.LogError(exception, "Could not read entry {Sequence} of room {Room}", sequence, room);
            return new RoomEntry.Noticed("");
        }
    }

    /// <summary>Reads back and applies the entries held after the room's last; called in order.</summary>
    private async Task ReadBackAsync(Room room)
    {
        RedisResult[] read;
        try
        {
            read = (RedisResult[])(await Redis.ScriptEvaluateAsync(
                RoomLogScripts.ReadBack, [CounterKey(room.Name), LogKey(room.Name), HeldKey(room.Name)], [$"{room.LastSequence + 1}-0"]))!;
        }
        catch (RedisException exception)
        {
            // Tried again on the next entry heard, or when the connection comes back.
            logger.LogWarning(exception, "Could not read back the log of room {Room}", room.Name);
            return;
        }

        var held = HeldVersions(room.Name, (RedisResult[])read[2]!, (RedisResult[])read[3]!);
        foreach (var item in (RedisResult[])read[1]!)
        {
            var entry = (RedisResult[])item!;
            var sequence = SequenceOf((string)entry[0]!);
            if (sequence > room.LastSequence + 1)
            {
                Lost(room, sequence - 1);
            }

            if (sequence == room.LastSequence + 1)
            {
                await room.ApplyAsync(sequence, await StoredEntry.ReadAsync(room, sequence, Fields((RedisResult[])entry[1]!), held, Deserialize));
            }
        }

        // The counter is past the stream's end only when Redis lost the log (it restarted): the rest cannot be had.
        if (!read[0].IsNull && (long)read[0] > room.LastSequence)
        {
            Lost(room, (long)read[0]);
        }
    }

    private void Lost(Room room, long lastLost)
    {
        logger.LogWarning("Room {Room} lost entries {From} to {To}: they left the shared log before this node read them", room.Name, room.LastSequence + 1, lastLost);
        room.Skip(lastLost);
    }

    /// <summary>The current versions read back, by message number; a message no longer held is absent.</summary>
    private Dictionary<long, ChatMessage> HeldVersions(string room, RedisResult[] numbers, RedisResult[] versions)
    {
        var held = new Dictionary<long, ChatMessage>();
        for (var i = 0; i < numbers.Length; i++)
        {
            var number = long.Parse((string)numbers[i]!, CultureInfo.InvariantCulture);
            if (versions[i].IsNull || held.ContainsKey(number))
            {
                continue;
            }

            if (StoredEntry.Version((string)versions[i]!, number) is { } version)
            {
                held[number] = version;
            }
            else
            {
                // Shown as deleted rather than stopping the room.
                logger.LogError("Could not read message {Sequence} of room {Room}", number, room);
            }
        }

        return held;
    }

    private static Dictionary<string, string> Fields(RedisResult[] pairs)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            fields[(string)pairs[i]!] = (string)pairs[i + 1]!;
        }

        return fields;
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private RedisKey CounterKey(string room) => cluster.Key($"room:{{{room}}}:seq");

    private RedisKey LogKey(string room) => cluster.Key($"room:{{{room}}}:log");

    private RedisKey PostedKey(string room) => cluster.Key($"room:{{{room}}}:posted");

    /// <summary>Each held message's current version, by number: the only place the shared log keeps words.</summary>
    private RedisKey HeldKey(string room) => cluster.Key($"room:{{{room}}}:held");

    private RedisKey SentKey(string room, string sendKey) => cluster.Key($"room:{{{room}}}:sent:{sendKey}");

    private static long SequenceOf(string text) => long.Parse(text.AsSpan(0, text.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);

    private static ClusterUnavailableException Unavailable(RedisException exception) =>
        new("Redis cannot be reached, so the room's shared log cannot be written.", exception);
}
