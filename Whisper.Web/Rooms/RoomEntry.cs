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
[JsonDerivedType(typeof(FileExpired), "file-expired")]
[JsonDerivedType(typeof(NameForgotten), "name-forgotten")]
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
        /// <summary>The language <see cref="Html"/> was rendered in (its poster's); streams in others render their own once.</summary>
        public string Language { get; init; } = "en";

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

    /// <summary>
    /// A rule rewriting held messages. Carried as the rule, not as copies: each server applies it in order to its
    /// ring's current copies, so a reaction or an edit applied just before is kept, and no earlier text comes back.
    /// </summary>
    public abstract record Rewrite : RoomEntry
    {
        /// <summary>The message as the rule leaves it; null when the rule does not touch it.</summary>
        public abstract ChatMessage? Apply(ChatMessage message);
    }

    /// <summary>A shared file expired: the messages showing it say so.</summary>
    public sealed record FileExpired(string FileId) : Rewrite
    {
        public override ChatMessage? Apply(ChatMessage message) =>
            message.File is { Expired: false } file && file.Id == FileId ? message with { File = file with { Expired = true } } : null;
    }

    /// <summary>
    /// A name's identity was deleted: its messages show "(deleted identity)", and the name leaves every reaction
    /// and every quote of its words, so it is shown nowhere in the room.
    /// </summary>
    public sealed record NameForgotten(string Name) : Rewrite
    {
        public override ChatMessage? Apply(ChatMessage message)
        {
            var rewritten = message;
            if (message.Author == Name && !message.IsAnnouncement)
            {
                rewritten = rewritten with { Author = "", AuthorDeleted = true };
            }

            if (message.Reactions?.Any(r => r.Names.Contains(Name)) == true)
            {
                var left = message.Reactions.Select(r => r with { Names = [.. r.Names.Where(n => n != Name)] }).Where(r => r.Names.Count > 0).ToArray();
                rewritten = rewritten with { Reactions = left.Length == 0 ? null : left };
            }

            if (message.Reply is { } quote && quote.Author == Name)
            {
                rewritten = rewritten with { Reply = quote with { Author = "" } };
            }

            return ReferenceEquals(rewritten, message) ? null : rewritten;
        }
    }

    /// <summary>
    /// Held messages as a shared log now keeps them, read back in place of the changes it keeps without their words
    /// (an edit's text, who reacted, a forgotten name): the versions are the latest, so nothing older is ever shown.
    /// Only read back, never sent: it is not in the log's wire format.
    /// </summary>
    public sealed record Restated(IReadOnlyDictionary<long, ChatMessage> Held) : Rewrite
    {
        public override ChatMessage? Apply(ChatMessage message) => Held.GetValueOrDefault(message.Sequence);
    }

    /// <summary>Out-of-band markup for open pages, such as the pinned announcement.</summary>
    public sealed record Noticed(string Html) : RoomEntry;

    /// <summary>
    /// A name toggled an emoji on a message. Applied as a toggle, in order, on every server, so all agree whatever
    /// raced; each server renders the message's new markup once for its own streams.
    /// </summary>
    public sealed record Reacted(long Sequence, string Name, string Emoji) : RoomEntry;

    /// <summary>Its author's new text for a message (the old text is not carried, nor kept); rendered like a reaction.</summary>
    public sealed record Edited(long Sequence, string Text, string BodyHtml, DateTimeOffset At) : RoomEntry;
}
