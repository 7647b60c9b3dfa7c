using Whisper.Web.Identity;

namespace Whisper.Web.Rooms;

/// <summary>
/// What the room page shows. <see cref="Me"/> is null for a reader who has not joined. <see cref="Banned"/> and
/// <see cref="CannotPost"/> replace the composer with their sentence; a banned visitor gets no live stream either.
/// </summary>
public sealed record RoomPage(RoomSettings Room, IReadOnlyList<RoomSettings> AllRooms, MessageList List, int Online, Visitor? Me, ComposerForm Composer)
{
    public string? JoinError { get; init; }

    /// <summary>The people in the room (the viewer too, once joined), in name order.</summary>
    public IReadOnlyList<string> People { get; init; } = [];

    public Moderation.BanTerms? Banned { get; init; }

    public string? CannotPost { get; init; }

    /// <summary>The message whose reaction choice shows above the composer (chosen with React, without script).</summary>
    public Quote? Reacting { get; init; }

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
    /// <summary>A shadow-muted author's own message (or a held one), added to their list alone.</summary>
    public string? Echo { get; init; }

    /// <summary>The echo is the author's own message changed (a withheld edit): it replaces that message on their page alone.</summary>
    public bool EchoInPlace { get; init; }

    /// <summary>The message this one will answer, shown quoted above the text.</summary>
    public Quote? Reply { get; init; }

    /// <summary>The number of the author's own message this text will replace, instead of being posted.</summary>
    public long? Editing { get; init; }

    /// <summary>This composition's send key: a fresh one with every new composer, the same one when sent again.</summary>
    public string Key { get; init; } = SendKey.New();
}

/// <summary>The six reactions offered for one message (<see cref="Message"/> null: the page's template, numbered by script).</summary>
public sealed record ReactionChoice(string Room, Quote? Message);
