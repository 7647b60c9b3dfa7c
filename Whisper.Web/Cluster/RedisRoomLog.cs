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
public sealed class RedisRoomLog(ClusterConnection cluster, IOptions<MessageOptions> messages, TimeProvider time, ILogger<RedisRoomLog> logger)
    : IRoomLog
{
    public const string Channel = "rooms";

    // KEYS: counter, stream, the numbers of its latest messages, and the send key's record (absent without one).
    // ARGV: clock in ms (a new counter starts there), messages kept, entry, channel, room, send key lifetime in ms,
    // 1 when the entry is a message, the backstop's entry count. Returns the number and 1 when the send key had been
    // used (then nothing is appended). All keys share the room's hash tag, so one slot holds them.
    private const string AppendScript = """
        if KEYS[4] then
          local earlier = redis.call('GET', KEYS[4])
          if earlier then return { tonumber(earlier), 1 } end
        end
        if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
        local sequence = redis.call('INCR', KEYS[1])
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[8], sequence .. '-0', 'e', ARGV[3])
        if ARGV[7] == '1' then
          redis.call('RPUSH', KEYS[3], sequence)
          if redis.call('LLEN', KEYS[3]) > tonumber(ARGV[2]) then
            redis.call('LPOP', KEYS[3])
            redis.call('XTRIM', KEYS[2], 'MINID', redis.call('LINDEX', KEYS[3], 0) .. '-0')
          end
        end
        redis.call('PUBLISH', ARGV[4], ARGV[5] .. '\n' .. sequence .. '\n' .. ARGV[3])
        if KEYS[4] then redis.call('SET', KEYS[4], sequence, 'PX', ARGV[6]) end
        return { sequence, 0 }
        """;

    /// <summary>How many rings' worth of entries a room's stream holds at most, whatever they are.</summary>
    public const int Backstop = 8;

    private IDatabase Redis => cluster.Redis!.GetDatabase();

    public async Task<long> StartAsync(string room)
    {
        try
        {
            // Start just before the oldest entry still held, so opening the room replays the stream into the ring.
            var oldest = await Redis.StreamRangeAsync(LogKey(room), "-", "+", count: 1);
            if (oldest.Length > 0)
            {
                return SequenceOf(oldest[0].Id) - 1;
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
            ? [CounterKey(room.Name), LogKey(room.Name), PostedKey(room.Name)]
            : [CounterKey(room.Name), LogKey(room.Name), PostedKey(room.Name), SentKey(room.Name, sendKey)];
        Appended appended;
        try
        {
            var result = (RedisResult[])(await Redis.ScriptEvaluateAsync(
                AppendScript,
                keys,
                [Now(), messages.Value.RingSize, json, (string)cluster.Channel(Channel)!, room.Name, (long)SendKey.Lifetime.TotalMilliseconds,
                 entry is RoomEntry.Posted ? 1 : 0, messages.Value.RingSize * Backstop]))!;
            appended = new Appended((long)result[0], Repeated: (long)result[1] == 1);
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

        if (sequence > room.LastSequence + 1)
        {
            await ReadBackAsync(room, sequence - 1);
        }

        if (sequence == room.LastSequence + 1)
        {
            await room.ApplyAsync(sequence, entry);
        }
    });

    public Task CatchUpAsync(Room room) => room.InOrderAsync(() => ReadBackAsync(room, long.MaxValue));

    public async Task DeletedAsync(string room)
    {
        try
        {
            await Redis.KeyDeleteAsync([LogKey(room), PostedKey(room)]);
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

    /// <summary>Reads back and applies the held entries after the room's last, up to <paramref name="upTo"/>; called in order.</summary>
    private async Task ReadBackAsync(Room room, long upTo)
    {
        StreamEntry[] entries;
        try
        {
            entries = await Redis.StreamRangeAsync(LogKey(room.Name), $"{room.LastSequence + 1}-0", upTo == long.MaxValue ? "+" : $"{upTo}-0");
        }
        catch (RedisException exception)
        {
            // Tried again on the next entry heard, or when the connection comes back.
            logger.LogWarning(exception, "Could not read back the log of room {Room}", room.Name);
            return;
        }

        foreach (var held in entries)
        {
            var sequence = SequenceOf(held.Id);
            if (sequence > room.LastSequence + 1)
            {
                logger.LogWarning("Room {Room} lost entries {From} to {To}: they left the shared log before this node read them", room.Name, room.LastSequence + 1, sequence - 1);
                room.Skip(sequence - 1);
            }

            if (sequence == room.LastSequence + 1)
            {
                await room.ApplyAsync(sequence, Deserialize(room.Name, sequence, (string)held["e"]!));
            }
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private RedisKey CounterKey(string room) => cluster.Key($"room:{{{room}}}:seq");

    private RedisKey LogKey(string room) => cluster.Key($"room:{{{room}}}:log");

    private RedisKey PostedKey(string room) => cluster.Key($"room:{{{room}}}:posted");

    private RedisKey SentKey(string room, string sendKey) => cluster.Key($"room:{{{room}}}:sent:{sendKey}");

    private static long SequenceOf(RedisValue id)
    {
        var text = (string)id!;
        return long.Parse(text.AsSpan(0, text.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
    }

    private static ClusterUnavailableException Unavailable(RedisException exception) =>
        new("Redis cannot be reached, so the room's shared log cannot be written.", exception);
}

/// <summary>One subscription per node for every room's entries, applied in the order they are heard.</summary>
internal sealed class RoomLogListener(ClusterConnection cluster, RedisRoomLog log, RoomRegistry rooms) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscription = await cluster.Redis!.GetSubscriber().SubscribeAsync(cluster.Channel(RedisRoomLog.Channel));
        subscription.OnMessage(async message =>
        {
            if (RedisRoomLog.Parse((string)message.Message!) is var (name, sequence, json) && rooms.Find(name) is { } room && sequence > room.LastSequence)
            {
                await log.ReceiveAsync(room, sequence, log.Deserialize(name, sequence, json));
            }
        });
        // Entries published while the connection was down were never heard: read them back.
        cluster.OnReconnected(async () =>
        {
            foreach (var room in rooms.All)
            {
                await log.CatchUpAsync(room);
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
