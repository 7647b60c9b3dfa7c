using System.Collections.Concurrent;

namespace Whisper.Web.Rooms;

/// <summary>
/// Numbers a room's entries and brings them to this server's room in order. On one node the room numbers them
/// itself (<see cref="LocalRoomLog"/>); with several, a shared log does, so every node agrees on every number.
/// </summary>
public interface IRoomLog
{
    /// <summary>The sequence a room opened now starts after: every id a page may hold from before is lower.</summary>
    Task<long> StartAsync(string room);

    /// <summary>
    /// Numbers the entry and applies it to this server's room before returning its number. With a
    /// <paramref name="sendKey"/> already used in this room (within <see cref="SendKey.Lifetime"/>, on any node),
    /// nothing is appended and the number of the entry first sent with it comes back, marked as a repeat.
    /// </summary>
    Task<Appended> AppendAsync(Room room, RoomEntry entry, string? sendKey = null);

    /// <summary>The number of the entry sent with this key in this room, if it was sent within <see cref="SendKey.Lifetime"/>.</summary>
    Task<long?> SentAsync(string room, string sendKey);

    /// <summary>Applies whatever the log holds that this server's room has not seen yet.</summary>
    Task CatchUpAsync(Room room);

    /// <summary>
    /// Brings the room's entries to this server as they come, until the handle is disposed (a stream of the room is
    /// open here); the room is up to date when this returns. Between such times a shared log may leave the room behind.
    /// </summary>
    Task<IAsyncDisposable> ListenAsync(Room room);

    /// <summary>The room was deleted: its entries go too (numbers keep rising if it is made again).</summary>
    Task DeletedAsync(string room);
}

/// <summary>An entry's number, and whether it was appended earlier under the same send key (so nothing new was posted).</summary>
public readonly record struct Appended(long Sequence, bool Repeated);

/// <summary>One node: the room numbers its own entries, one at a time.</summary>
public sealed class LocalRoomLog(TimeProvider time) : IRoomLog
{
    private readonly ConcurrentDictionary<(string Room, string Key), (long Sequence, DateTimeOffset Until)> sent = new();
    private long nextSweep;

    // Sequences start at the clock in milliseconds, so ids from before a restart are always older than this
    // life's: a page holding one is told to reload instead of mistaking new messages for seen ones.
    public Task<long> StartAsync(string room) => Task.FromResult(time.GetUtcNow().ToUnixTimeMilliseconds());

    public async Task<Appended> AppendAsync(Room room, RoomEntry entry, string? sendKey = null)
    {
        var appended = default(Appended);
        await room.InOrderAsync(async () =>
        {
            // Checked under the room's order, so two sends with one key racing each other post once.
            if (sendKey is not null && await SentAsync(room.Name, sendKey) is { } earlier)
            {
                appended = new Appended(earlier, Repeated: true);
                return;
            }

            appended = new Appended(room.LastSequence + 1, Repeated: false);
            await room.ApplyAsync(appended.Sequence, entry);
            if (sendKey is not null)
            {
                Remember(room.Name, sendKey, appended.Sequence);
            }
        });
        return appended;
    }

    public Task<long?> SentAsync(string room, string sendKey) => Task.FromResult(
        sent.TryGetValue((room, sendKey), out var held) && held.Until > time.GetUtcNow() ? held.Sequence : (long?)null);

    private void Remember(string room, string sendKey, long sequence)
    {
        var now = time.GetUtcNow();
        sent[(room, sendKey)] = (sequence, now + SendKey.Lifetime);
        // Keys are forgotten a lifetime after use: swept at most once a minute, on the next send.
        if (now.ToUnixTimeMilliseconds() >= Interlocked.Read(ref nextSweep))
        {
            Interlocked.Exchange(ref nextSweep, now.AddMinutes(1).ToUnixTimeMilliseconds());
            foreach (var (key, held) in sent)
            {
                if (held.Until <= now)
                {
                    sent.TryRemove(key, out _);
                }
            }
        }
    }

    public Task CatchUpAsync(Room room) => Task.CompletedTask;

    /// <summary>Every entry is applied here as it is numbered: nothing to listen to.</summary>
    public Task<IAsyncDisposable> ListenAsync(Room room) => Task.FromResult<IAsyncDisposable>(Listening);

    private static readonly IAsyncDisposable Listening = new NothingHeld();

    private sealed class NothingHeld : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public Task DeletedAsync(string room) => Task.CompletedTask;
}
