using Whisper.Web.Identity;

namespace Whisper.Web.Rooms;

/// <summary>What the room page shows. <see cref="Me"/> is null for a reader who has not joined.</summary>
public sealed record RoomPage(RoomDefinition Room, IReadOnlyList<RoomDefinition> AllRooms, MessageList List, int Online, Visitor? Me, ComposerForm Composer, string? JoinError = null);

/// <summary>The message list and the last sequence it includes, which the live stream resumes after.</summary>
public sealed record MessageList(string Room, IReadOnlyList<ChatMessage> Messages, long LastSequence)
{
    public string StreamUrl => $"/chat/{Uri.EscapeDataString(Room)}/events?after={LastSequence}";
}

/// <summary>The composer: what was typed (kept when refused), the reason, and whether to take focus after an in-place post.</summary>
public sealed record ComposerForm(string Room, int MaxLength, string? Text = null, string? Error = null, bool Focus = false);

/// <summary>Builds what the room views show from the live rooms.</summary>
public static class RoomPageModels
{
    public static MessageList MessageList(this Room room)
    {
        var (messages, last) = room.Snapshot();
        return new MessageList(room.Name, messages, last);
    }

    public static RoomPage PageFor(this RoomRegistry rooms, Room room, Visitor? me, ComposerForm composer, string? joinError = null) =>
        new(room.Definition, rooms.All.Select(r => r.Definition).ToList(), room.MessageList(), room.Presence.CountIncluding(ViewerKey(me, null)), me, composer, joinError);

    /// <summary>Who counts as one person online: a joined name once however many tabs, a reader who has not joined per stream.</summary>
    public static string ViewerKey(Visitor? me, string? streamId) => me?.Name ?? "reader:" + streamId;
}
