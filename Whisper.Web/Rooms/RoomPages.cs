using Whisper.Web.Identity;
using Whisper.Web.Moderation;

namespace Whisper.Web.Rooms;

/// <summary>
/// What the room page shows. <see cref="Me"/> is null for a reader who has not joined. <see cref="Banned"/> and
/// <see cref="CannotPost"/> replace the composer with their sentence; a banned visitor gets no live stream either.
/// </summary>
public sealed record RoomPage(RoomSettings Room, IReadOnlyList<RoomSettings> AllRooms, MessageList List, int Online, Visitor? Me, ComposerForm Composer)
{
    public string? JoinError { get; init; }

    public string? Banned { get; init; }

    public string? CannotPost { get; init; }

    /// <summary>The admin's live view: delete and ban controls, the announcement form instead of the composer.</summary>
    public bool ForAdmin { get; init; }

    public string LinkTo(RoomSettings room) => ForAdmin ? "/admin" + room.Path : room.Path;
}

/// <summary>The message list and the last sequence it includes, which the live stream resumes after.</summary>
public sealed record MessageList(string Room, IReadOnlyList<ChatMessage> Messages, long LastSequence)
{
    public string StreamUrl => $"/chat/{Uri.EscapeDataString(Room)}/events?after={LastSequence}";
}

/// <summary>The composer: what was typed (kept when refused), the reason, and whether to take focus after an in-place post.</summary>
public sealed record ComposerForm(string Room, int MaxLength, string? Text = null, string? Error = null, bool Focus = false)
{
    /// <summary>A shadow-muted author's own message, added to their list alone.</summary>
    public string? Echo { get; init; }

    /// <summary>This composition's send key: a fresh one with every new composer, the same one when sent again.</summary>
    public string Key { get; init; } = SendKey.New();
}

/// <summary>Builds the room page for one viewer from the live room and the rules that apply to them.</summary>
public sealed class RoomPages(RoomRegistry rooms, PostingRules rules, Sanctions sanctions)
{
    public RoomPage For(HttpContext context, Room room, Visitor? me, ComposerForm composer) =>
        new(room.Settings, rooms.All.Select(r => r.Settings).ToList(), room.MessageList(), room.Presence.CountIncluding(ViewerKey(me, null)), me, composer)
        {
            Banned = sanctions.Refusal(context, me),
            CannotPost = me is null ? (room.Settings.Closed ? "This room is closed: you can read it, but nobody can post." : null) : rules.CheckRoom(room.Settings, me)?.Message,
        };

    /// <summary>Who a stream belongs to: a joined name (counted online once however many tabs), or a reader's stream (not counted).</summary>
    public static string ViewerKey(Visitor? me, string? streamId) => me?.Name ?? Presence.ReaderPrefix + streamId;
}

public static class RoomPageModels
{
    public static MessageList MessageList(this Room room)
    {
        var (messages, last) = room.Snapshot();
        return new MessageList(room.Name, messages, last);
    }
}
