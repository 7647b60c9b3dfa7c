using System.Globalization;
using System.Text.Json.Serialization;

namespace Whisper.Web.Rooms;

/// <summary>
/// One numbered change to a room, as its log carries it to every server hosting the room, in sequence order.
/// The origin renders the markup once; each server applies the entry to its ring and hands the frame to its
/// streams. A posted message is rendered before it has a number, so its markup carries
/// <see cref="Unnumbered"/> where the number goes and each server writes the number in.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Posted), "posted")]
[JsonDerivedType(typeof(Removed), "removed")]
[JsonDerivedType(typeof(Rewritten), "rewritten")]
[JsonDerivedType(typeof(Noticed), "noticed")]
[JsonDerivedType(typeof(Reacted), "reacted")]
[JsonDerivedType(typeof(Edited), "edited")]
public abstract record RoomEntry
{
    /// <summary>The sequence a message is rendered with before the log numbers it.</summary>
    public const long Unnumbered = long.MaxValue;

    /// <summary>A new message and its fragment (numbered as <see cref="Unnumbered"/>).</summary>
    public sealed record Posted(ChatMessage Message, string Html) : RoomEntry
    {
        /// <summary>
        /// The message and fragment with their number. The placeholder only ever stands in attribute values
        /// (the element id, the action buttons' value), always followed by a quote, which encoded text cannot contain.
        /// </summary>
        public (ChatMessage Message, string Html) Numbered(long sequence) => (
            Message with { Sequence = sequence },
            Html.Replace(PlaceholderInAttribute, sequence.ToString(CultureInfo.InvariantCulture) + "\"", StringComparison.Ordinal));

        private static readonly string PlaceholderInAttribute = Unnumbered.ToString(CultureInfo.InvariantCulture) + "\"";
    }

    /// <summary>A message taken out of the ring; <see cref="NoticeHtml"/> removes it from open pages.</summary>
    public sealed record Removed(long Sequence, string NoticeHtml) : RoomEntry;

    /// <summary>Held messages replaced by new versions of themselves (same numbers), swapped on open pages by the notice.</summary>
    public sealed record Rewritten(IReadOnlyList<Replacement> Messages, string NoticeHtml) : RoomEntry;

    /// <summary>Out-of-band markup for open pages, such as the pinned announcement.</summary>
    public sealed record Noticed(string Html) : RoomEntry;

    /// <summary>
    /// A name toggled an emoji on a message. Applied as a toggle, in order, on every server, so all agree whatever
    /// raced; each server renders the message's new markup once for its own streams.
    /// </summary>
    public sealed record Reacted(long Sequence, string Name, string Emoji) : RoomEntry;

    /// <summary>Its author's new text for a message (the old text is not carried, nor kept); rendered like a reaction.</summary>
    public sealed record Edited(long Sequence, string Text, string BodyHtml, DateTimeOffset At) : RoomEntry;

    public sealed record Replacement(ChatMessage Message, string Html);
}
