using System.ComponentModel.DataAnnotations;

namespace Whisper.Web.Rooms;

/// <summary>A room as configured under <c>Whisper:Rooms</c>: seeds the room list on first start; the admin manages it after.</summary>
public sealed class RoomDefinition
{
    public string Name { get; set; } = "";

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Names are URL segments and DOM id parts: lowercase letters, digits and dashes only, each used once.</summary>
    public static bool AreValid(List<RoomDefinition> rooms) =>
        rooms.All(r => RoomSettings.IsValidName(r.Name) && !string.IsNullOrWhiteSpace(r.Title))
        && rooms.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count() == rooms.Count;
}

/// <summary>Section <c>Whisper:Messages</c>: limits of room messages.</summary>
public sealed class MessageOptions
{
    public const string Section = "Whisper:Messages";

    /// <summary>Longest message, in characters after trimming.</summary>
    [Range(1, 100_000)]
    public int MaxLength { get; set; } = 2000;

    /// <summary>How many recent messages each room keeps in memory; older ones are gone for good.</summary>
    [Range(1, 100_000)]
    public int RingSize { get; set; } = 500;

    /// <summary>How many times in a row one name may post the same text before it is refused as spam.</summary>
    [Range(1, 1_000)]
    public int MaxRepeats { get; set; } = 3;

    /// <summary>How many minutes after sending its author may still change a message (0: never); deleting is always possible.</summary>
    [Range(0, 1_440)]
    public int EditMinutes { get; set; } = 5;
}
