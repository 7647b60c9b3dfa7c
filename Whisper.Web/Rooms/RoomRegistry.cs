using Microsoft.Extensions.Options;

namespace Whisper.Web.Rooms;

/// <summary>The rooms this server hosts, by name. The lobby always exists.</summary>
public sealed class RoomRegistry : IAsyncDisposable
{
    public const string Lobby = "lobby";

    private readonly Dictionary<string, Room> rooms = new(StringComparer.OrdinalIgnoreCase);

    public RoomRegistry(IOptions<List<RoomDefinition>> definitions, IOptions<MessageOptions> messages, IOptions<StreamOptions> streams, TimeProvider time)
    {
        var configured = definitions.Value.ToList();
        if (!configured.Any(d => d.Name.Equals(Lobby, StringComparison.OrdinalIgnoreCase)))
        {
            configured.Insert(0, new RoomDefinition { Name = Lobby, Title = "Lobby", Description = "Everyone starts here." });
        }

        foreach (var definition in configured)
        {
            rooms[definition.Name] = new Room(definition, messages.Value.RingSize, streams.Value.SubscriberBuffer, time);
        }
    }

    public IEnumerable<Room> All => rooms.Values;

    public Room? Find(string? name) => name is not null && rooms.TryGetValue(name, out var room) ? room : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var room in rooms.Values)
        {
            await room.DisposeAsync();
        }
    }
}
