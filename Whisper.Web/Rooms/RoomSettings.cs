namespace Whisper.Web.Rooms;

/// <summary>
/// A room as the admin set it up: kept in SQLite and swapped whole when changed, so readers never see half an edit.
/// </summary>
public sealed record RoomSettings(string Name, string Title, string Description)
{
    /// <summary>Read-only: everyone can read, nobody can post.</summary>
    public bool Closed { get; init; }

    /// <summary>Slow mode: each name may post once per this many seconds; 0 is off.</summary>
    public int SlowModeSeconds { get; init; }

    /// <summary>Names younger than this many minutes cannot post here; 0 is off.</summary>
    public int NewNamesWaitMinutes { get; init; }

    /// <summary>Lockdown: only names issued before this moment can post; null is off.</summary>
    public DateTimeOffset? LockedSince { get; init; }

    /// <summary>The pinned announcement's text, shown above the messages until removed.</summary>
    public string? Pinned { get; init; }

    public int Position { get; init; }

    public string Path => "/chat/" + Uri.EscapeDataString(Name);

    public static RoomSettings From(RoomDefinition definition, int position) =>
        new(definition.Name, definition.Title, definition.Description) { Position = position };

    /// <summary>Room names are URL segments and DOM id parts: lowercase letters, digits and dashes.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: >= 1 and <= 32 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
