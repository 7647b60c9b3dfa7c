using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// The rooms this server hosts, by name, as kept in the database. The configured rooms seed an empty database;
/// after that the admin manages the list. The lobby always exists. Other nodes hear of every change and reload.
/// </summary>
public sealed class RoomRegistry(
    RoomStore store, IRoomLog log, ClusterBus bus, IOptions<List<RoomDefinition>> configured, IOptions<MessageOptions> messages, IOptions<StreamOptions> streams,
    TimeProvider time, IEnumerable<IMessageDropped>? observers = null, IEnumerable<IMessageHeld>? holders = null, MessageFragments? fragments = null, Metrics.WhisperMeter? meter = null)
    : IAsyncDisposable
{
    public const string Lobby = "lobby";

    /// <summary>The lobby's description when nobody configured one: shown in each reader's language (<see cref="RoomWords"/>).</summary>
    public const string LobbyDescription = "Everyone starts here.";

    private readonly ConcurrentDictionary<string, Room> rooms = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Open rooms in the admin's order.</summary>
    public IEnumerable<Room> All => rooms.Values.OrderBy(r => r.Settings.Position).ThenBy(r => r.Name, StringComparer.Ordinal);

    public Room? Find(string? name) => name is not null && rooms.TryGetValue(name, out var room) ? room : null;

    /// <summary>Loads the rooms at start, seeding them from configuration the first time.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var saved = await store.LoadAsync();
        if (saved.Count == 0)
        {
            saved = configured.Value.Select(RoomSettings.From).ToList();
            foreach (var room in saved)
            {
                await store.CreateAsync(room);
            }
        }

        if (!saved.Any(r => r.Name == Lobby))
        {
            var lobby = new RoomSettings(Lobby, "Lobby", LobbyDescription) { Position = -1 };
            await store.CreateAsync(lobby);
            saved.Insert(0, lobby);
        }

        foreach (var settings in saved)
        {
            await OpenAsync(settings);
        }

        bus.On(Topic, _ => ReloadAsync());
    }

    /// <summary>Another node changed the list: opens new rooms, applies new settings, closes deleted rooms.</summary>
    public async Task ReloadAsync()
    {
        var saved = await store.LoadAsync();
        foreach (var settings in saved)
        {
            if (Find(settings.Name) is { } room)
            {
                room.Settings = settings;
            }
            else
            {
                await OpenAsync(settings);
            }
        }

        foreach (var gone in rooms.Keys.Except(saved.Select(s => s.Name), StringComparer.OrdinalIgnoreCase))
        {
            await CloseAsync(gone);
        }
    }

    /// <summary>Adds a room at the end of the list; false when the name is taken.</summary>
    public async Task<bool> CreateAsync(RoomSettings settings)
    {
        var placed = settings with { Position = rooms.IsEmpty ? 0 : rooms.Values.Max(r => r.Settings.Position) + 1 };
        if (rooms.ContainsKey(settings.Name) || !await store.CreateAsync(placed))
        {
            return false;
        }

        var opened = await OpenAsync(placed);
        await bus.PublishAsync(Topic);
        return opened;
    }

    /// <summary>Saves new settings for an existing room and applies them at once.</summary>
    public async Task<bool> UpdateAsync(RoomSettings settings)
    {
        if (Find(settings.Name) is not { } room)
        {
            return false;
        }

        await store.UpdateAsync(settings);
        room.Settings = settings;
        await bus.PublishAsync(Topic);
        return true;
    }

    /// <summary>Deletes a room: its messages are gone and its open streams end. The lobby cannot be deleted.</summary>
    public async Task<bool> DeleteAsync(string name)
    {
        if (name == Lobby || Find(name) is null)
        {
            return false;
        }

        await store.DeleteAsync(name);
        await CloseAsync(name);
        await log.DeletedAsync(name);
        await bus.PublishAsync(Topic);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var room in rooms.Values)
        {
            await room.DisposeAsync();
        }
    }

    private const string Topic = "rooms";

    /// <summary>Opens a room where its log starts and brings it up to date; false when it is open already.</summary>
    private async Task<bool> OpenAsync(RoomSettings settings)
    {
        var room = new Room(settings, messages.Value.RingSize, streams.Value.SubscriberBuffer, time, Dropped, log, await log.StartAsync(settings.Name), Held, fragments is null ? null : fragments.RenderAsync, meter);
        if (!rooms.TryAdd(settings.Name, room))
        {
            await room.DisposeAsync();
            return false;
        }

        await log.CatchUpAsync(room);
        return true;
    }

    /// <summary>Ends the room's streams; its messages (and their files) are gone.</summary>
    private async Task CloseAsync(string name)
    {
        if (!rooms.TryRemove(name, out var room))
        {
            return;
        }

        await room.DisposeAsync();
        foreach (var message in room.Snapshot().Messages)
        {
            Dropped(message);
        }
    }

    private void Held(ChatMessage message)
    {
        foreach (var holder in holders ?? [])
        {
            holder.Held(message);
        }
    }

    private void Dropped(ChatMessage message)
    {
        foreach (var observer in observers ?? [])
        {
            observer.Dropped(message);
        }
    }
}

/// <summary>Told of every message posted to a room (after it is in the ring and on its way to the streams), on the node it was posted on.</summary>
public interface IMessagePosted
{
    void Posted(ChatMessage message);

    /// <summary>Someone other than its author added <paramref name="emoji"/> to <paramref name="message"/> (not told when one is taken back).</summary>
    void Reacted(ChatMessage message, string reactor, string emoji)
    {
    }
}

/// <summary>Told of every message that enters a room's ring on this node, whichever node posted it.</summary>
public interface IMessageHeld
{
    void Held(ChatMessage message);
}

/// <summary>Told when a message leaves its room for good (pushed out of the ring, removed, or its room deleted).</summary>
public interface IMessageDropped
{
    void Dropped(ChatMessage message);
}

/// <summary>Loads the room list once the schema exists, before the server takes requests.</summary>
internal sealed class RoomLoader(RoomRegistry rooms) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => rooms.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
