namespace Whisper.Web.Rooms;

/// <summary>
/// Where the room's markup lives. Other controllers (messages, files, joining, the admin's live view) answer with
/// room views too, so each is named by its full path rather than found by a controller's folder.
/// </summary>
public static class RoomViews
{
    public const string Page = "~/Views/Rooms/Room.cshtml";
    public const string Composer = "~/Views/Rooms/_Composer.cshtml";
    public const string Reload = "~/Views/Rooms/_Reload.cshtml";
    public const string Message = "~/Views/Rooms/_Message.cshtml";
    public const string Online = "~/Views/Rooms/_Online.cshtml";
    public const string PeopleChange = "~/Views/Rooms/_PeopleChange.cshtml";
    public const string Pinned = "~/Views/Rooms/_Pinned.cshtml";
    public const string Refusal = "~/Views/Rooms/_Refusal.cshtml";
    public const string Removal = "~/Views/Rooms/_Removal.cshtml";
    public const string Unrenderable = "~/Views/Rooms/_Unrenderable.cshtml";
}
