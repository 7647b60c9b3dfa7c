namespace Whisper.Web.Rooms;

/// <summary>
/// Numbers a room's entries and brings them to this server's room in order. On one node the room numbers them
/// itself (<see cref="LocalRoomLog"/>); with several, a shared log does, so every node agrees on every number.
/// </summary>
public interface IRoomLog
{
    /// <summary>The sequence a room opened now starts after: every id a page may hold from before is lower.</summary>
    Task<long> StartAsync(string room);

    /// <summary>Numbers the entry and applies it to this server's room before returning its number.</summary>
    Task<long> AppendAsync(Room room, RoomEntry entry);

    /// <summary>Applies whatever the log holds that this server's room has not seen yet.</summary>
    Task CatchUpAsync(Room room);

    /// <summary>The room was deleted: its entries go too (numbers keep rising if it is made again).</summary>
    Task DeletedAsync(string room);
}

/// <summary>One node: the room numbers its own entries, one at a time.</summary>
public sealed class LocalRoomLog(TimeProvider time) : IRoomLog
{
    // Sequences start at the clock in milliseconds, so ids from before a restart are always older than this
    // life's: a page holding one is told to reload instead of mistaking new messages for seen ones.
    public Task<long> StartAsync(string room) => Task.FromResult(time.GetUtcNow().ToUnixTimeMilliseconds());

    public async Task<long> AppendAsync(Room room, RoomEntry entry)
    {
        long sequence = 0;
        await room.InOrderAsync(async () =>
        {
            sequence = room.LastSequence + 1;
            await room.ApplyAsync(sequence, entry);
        });
        return sequence;
    }

    public Task CatchUpAsync(Room room) => Task.CompletedTask;

    public Task DeletedAsync(string room) => Task.CompletedTask;
}
