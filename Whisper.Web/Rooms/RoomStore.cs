using System.Data.Common;
using System.Globalization;
using Whisper.Web.Storage;

namespace Whisper.Web.Rooms;

/// <summary>The room list and each room's settings. Messages are never stored: they live only in the rings.</summary>
public sealed class RoomStore(Database database) : ISchema
{
    public string Sql => """
        CREATE TABLE IF NOT EXISTS rooms (
            name TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            closed BOOLEAN NOT NULL DEFAULT FALSE,
            slow_mode_seconds INTEGER NOT NULL DEFAULT 0,
            new_names_wait_minutes INTEGER NOT NULL DEFAULT 0,
            locked_since TEXT NULL,
            pinned TEXT NULL,
            position INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        """;

    public Task<List<RoomSettings>> LoadAsync() => database.QueryAsync(
        """
        SELECT name, title, description, closed, slow_mode_seconds, new_names_wait_minutes, locked_since, pinned, position
        FROM rooms ORDER BY position, name
        """,
        reader => new RoomSettings(reader.GetString(0), reader.GetString(1), reader.GetString(2))
        {
            Closed = reader.GetBoolean(3),
            SlowModeSeconds = reader.GetInt32(4),
            NewNamesWaitMinutes = reader.GetInt32(5),
            LockedSince = reader.IsDBNull(6) ? null : DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
            Pinned = reader.IsDBNull(7) ? null : reader.GetString(7),
            Position = reader.GetInt32(8),
        });

    /// <summary>Inserts a new room; false when the name is taken.</summary>
    public async Task<bool> CreateAsync(RoomSettings room)
    {
        try
        {
            await SaveAsync(room, "");
            return true;
        }
        catch (DbException exception) when (Database.IsUniqueViolation(exception))
        {
            return false;
        }
    }

    public Task UpdateAsync(RoomSettings room) => SaveAsync(room, """
        ON CONFLICT (name) DO UPDATE SET title = excluded.title, description = excluded.description, closed = excluded.closed,
            slow_mode_seconds = excluded.slow_mode_seconds, new_names_wait_minutes = excluded.new_names_wait_minutes,
            locked_since = excluded.locked_since, pinned = excluded.pinned, position = excluded.position
        """);

    public Task DeleteAsync(string name) => database.ExecuteAsync("DELETE FROM rooms WHERE name = @name", ("@name", name));

    private Task<int> SaveAsync(RoomSettings room, string onConflict) => database.ExecuteAsync(
        $"""
        INSERT INTO rooms (name, title, description, closed, slow_mode_seconds, new_names_wait_minutes, locked_since, pinned, position)
        VALUES (@name, @title, @description, @closed, @slow, @wait, @locked, @pinned, @position) {onConflict}
        """,
        ("@name", room.Name), ("@title", room.Title), ("@description", room.Description), ("@closed", room.Closed),
        ("@slow", room.SlowModeSeconds), ("@wait", room.NewNamesWaitMinutes),
        ("@locked", room.LockedSince?.ToString("O", CultureInfo.InvariantCulture)), ("@pinned", room.Pinned), ("@position", room.Position));
}
