using System.Text.Json.Serialization;
using Whisper.Web.Files;

namespace Whisper.Web.Rooms;

/// <summary>A room message as held in the ring. <see cref="BodyHtml"/> is already encoded and linked.</summary>
public sealed record ChatMessage(string Room, long Sequence, string Author, string Text, string BodyHtml, DateTimeOffset PostedAt)
{
    /// <summary>An announcement from the moderators rather than a message from a name.</summary>
    public bool IsAnnouncement { get; init; }

    /// <summary>The file shared with this message, if any.</summary>
    public Attachment? File { get; init; }

    /// <summary>Its author deleted their identity: shown without name or avatar.</summary>
    public bool AuthorDeleted { get; init; }

    /// <summary>Rendered to replace the copy already on a page (sent in a notice), never held so.</summary>
    [JsonIgnore]
    public bool OutOfBand { get; init; }

    /// <summary>Deterministic DOM id, so a replayed or doubly delivered fragment is recognised.</summary>
    public string DomId => DomIdFor(Room, Sequence);

    public static string DomIdFor(string room, long sequence) => $"m-{room}-{sequence}";
}
