using Whisper.Web.Identity;
using Whisper.Web.Moderation;

namespace Whisper.Web.Rooms;

/// <summary>Builds the room page for one viewer from the live room and the rules that apply to them.</summary>
public sealed class RoomPageBuilder(RoomRegistry rooms, PostingRules rules, Sanctions sanctions)
{
    public RoomPage For(HttpContext context, Room room, Visitor? me, ComposerForm composer)
    {
        var people = room.Presence.PeopleIncluding(ViewerKey(me, null));
        return new(room.Settings, rooms.All.Select(r => r.Settings).ToList(), room.MessageList(), people.Count, me, composer)
        {
            People = people,
            Banned = sanctions.BarredBy(context, me),
            CannotPost = rules.CheckRoom(room.Settings, me)?.Message,
        };
    }

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
