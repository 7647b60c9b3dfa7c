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

    /// <summary>The message this one answers, quoted as it was when answered (or marked gone once it left the room).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Quote? Reply { get; init; }

    /// <summary>Who reacted with which emoji, in the order the emoji were first used; null while nobody has.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Reaction>? Reactions { get; init; }

    /// <summary>When its author last changed the text; the earlier text is kept nowhere.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>Rendered to replace the copy already on a page (sent in a notice), never held so.</summary>
    [JsonIgnore]
    public bool OutOfBand { get; init; }

    /// <summary>
    /// Rendered for the live stream: without the action buttons, which are the same for every message and which the page
    /// adds from its own template in its language (a delivery's bytes are most of what a stream costs the server).
    /// </summary>
    [JsonIgnore]
    public bool ForStream { get; init; }

    /// <summary>Deterministic DOM id, so a replayed or doubly delivered fragment is recognised.</summary>
    public string DomId => DomIdFor(Room, Sequence);

    public static string DomIdFor(string room, long sequence) => $"m-{room}-{sequence}";
}

/// <summary>
/// The start of an answered message and its author, taken when the answer is posted. <see cref="Gone"/>: the original
/// was deleted, so its words are dropped from the quote too.
/// </summary>
public sealed record Quote(long Sequence, string Author, string Excerpt, bool Gone = false)
{
    public const int ExcerptLength = 80;

    /// <summary>The quote of a message: its words without Markdown marks, on one line, cut after <see cref="ExcerptLength"/> whole characters.</summary>
    public static Quote Of(ChatMessage original)
    {
        var text = original.Text.Length > 0 ? MessageText.ToPlain(original.Text) : original.File?.Name ?? "";
        var line = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new Quote(original.Sequence, original.AuthorDeleted ? "" : original.Author, Cut(line));
    }

    /// <summary>
    /// The start of a line, cut by text elements (what a reader sees as one character: an emoji with its modifiers, a
    /// letter with its accents), so a cut never splits one and leaves half a surrogate pair.
    /// </summary>
    public static string Cut(string line)
    {
        var elements = new System.Globalization.StringInfo(line);
        return elements.LengthInTextElements > ExcerptLength ? elements.SubstringByTextElements(0, ExcerptLength) + "…" : line;
    }
}

/// <summary>One emoji on a message and the names that chose it, in the order they did.</summary>
public sealed record Reaction(string Emoji, IReadOnlyList<string> Names)
{
    /// <summary>The only emoji offered: a small fixed set keeps the fragment short and every reaction readable.</summary>
    public static readonly IReadOnlyList<string> Offered = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

    /// <summary>What each offered emoji is called in <c>RoomsText</c>, in the same order: a screen reader says the word.</summary>
    private static readonly string[] NameKeys = ["ThumbsUp", "Heart", "Laugh", "Surprised", "Sad", "Thanks"];

    /// <summary>The resource key of an offered emoji's name (<c>Rooms.Reaction.ThumbsUp</c>).</summary>
    public static string NameKeyFor(string emoji) => "Rooms.Reaction." + NameKeys[Math.Max(0, ((IList<string>)Offered).IndexOf(emoji))];

    /// <summary>
    /// The most names one emoji on one message holds: every name is in the fragment (for "I reacted" and ignoring, decided
    /// by the page), so this bounds its size; with 200 names on one emoji a fragment stays under 8 KB.
    /// </summary>
    public const int MaxNames = 200;

    /// <summary>How many names the hover title lists before an ellipsis (the count is on the button).</summary>
    public const int NamesInTitle = 5;

    /// <summary>True when <paramref name="name"/> may not add <paramref name="emoji"/>: that emoji already has <see cref="MaxNames"/> other names.</summary>
    public static bool IsFull(IReadOnlyList<Reaction>? reactions, string name, string emoji) =>
        reactions?.FirstOrDefault(r => r.Emoji == emoji) is { } reaction && reaction.Names.Count >= MaxNames && !reaction.Names.Contains(name);

    /// <summary>The hover title: the first names, then an ellipsis when there are more (no words, so it suits every language).</summary>
    public string Title => Names.Count <= NamesInTitle ? string.Join(", ", Names) : string.Join(", ", Names.Take(NamesInTitle)) + ", …";

    /// <summary>
    /// The reactions after <paramref name="name"/> toggles <paramref name="emoji"/>: added when absent, taken back when present.
    /// An addition beyond <see cref="MaxNames"/> (raced past the check on another node) changes nothing, the same on every server.
    /// </summary>
    public static IReadOnlyList<Reaction>? Toggle(IReadOnlyList<Reaction>? reactions, string name, string emoji)
    {
        if (IsFull(reactions, name, emoji))
        {
            return reactions;
        }

        var list = (reactions ?? []).ToList();
        var index = list.FindIndex(r => r.Emoji == emoji);
        if (index < 0)
        {
            list.Add(new Reaction(emoji, [name]));
        }
        else if (list[index].Names.Contains(name))
        {
            var left = list[index].Names.Where(n => n != name).ToArray();
            if (left.Length == 0)
            {
                list.RemoveAt(index);
            }
            else
            {
                list[index] = list[index] with { Names = left };
            }
        }
        else
        {
            list[index] = list[index] with { Names = [.. list[index].Names, name] };
        }

        return list.Count == 0 ? null : list;
    }

    /// <summary>The names as one attribute value, each between bars, so page CSS and script match a whole name.</summary>
    public string By => "|" + string.Join('|', Names) + "|";
}
