using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Rooms;

/// <summary>
/// A room's title and description as a reader sees them. The rooms a new server starts with (the lobby the registry
/// makes, and those the shipped appsettings.json lists) carry their English words in the database as a marker: while
/// the operator keeps them, every reader sees them in their own language (<c>Rooms.Seeded.*</c> in <c>RoomsText</c>).
/// Once the admin writes other words, they are shown as typed.
/// </summary>
public sealed class RoomWords(IStringLocalizer<RoomsText> words)
{
    private static readonly Dictionary<(string Room, string Text), string> Seeded = new()
    {
        [(RoomRegistry.Lobby, "Lobby")] = "Rooms.Seeded.Lobby.Title",
        [(RoomRegistry.Lobby, RoomRegistry.LobbyDescription)] = "Rooms.Seeded.Lobby.Description",
        [(RoomRegistry.Lobby, "Everyone starts here. Be kind.")] = "Rooms.Seeded.Lobby.Description",
        [("random", "Random")] = "Rooms.Seeded.Random.Title",
        [("random", "Anything goes, within the terms.")] = "Rooms.Seeded.Random.Description",
        [("tech", "Tech")] = "Rooms.Seeded.Tech.Title",
        [("tech", "Computers, code and gadgets.")] = "Rooms.Seeded.Tech.Description",
    };

    public string Title(RoomSettings room) => InReadersLanguage(room.Name, room.Title);

    public string Description(RoomSettings room) => InReadersLanguage(room.Name, room.Description);

    /// <summary>Whether a room's title and description are still the ones it started with (the admin's form says they are translated).</summary>
    public static bool IsSeeded(RoomSettings room) => Seeded.ContainsKey((room.Name, room.Title)) || Seeded.ContainsKey((room.Name, room.Description));

    private string InReadersLanguage(string room, string text) => Seeded.TryGetValue((room, text), out var key) ? words[key] : text;
}
