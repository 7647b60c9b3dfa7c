using Whisper.Web.Sse;

namespace Whisper.Web.Talk;

public enum TalkMode
{
    Text,
    Voice,
    Video,
}

/// <summary>
/// One visitor in the stranger chat, for as long as their page is open: a random id held by the page, what they
/// asked for, and their live queue. No name, no identity from the rooms, and nothing of what they say.
/// </summary>
public sealed class StrangerSession(string id, byte[] browser, TalkMode mode, IReadOnlyList<string> interests, long addressKey, DateTimeOffset queuedAt)
{
    public string Id { get; } = id;

    /// <summary>
    /// The SHA-256 of the antiforgery cookie of the browser that started it: the id alone (in a URL, a form, a log
    /// someone saw) does not let another browser act in this conversation.
    /// </summary>
    public byte[] Browser { get; } = browser;

    public TalkMode Mode { get; set; } = mode;

    /// <summary>The language of the page (when it last started looking): its statuses and the partner's lines are written in it.</summary>
    public System.Globalization.CultureInfo Culture { get; set; } = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>Held only while queued: cleared once matched.</summary>
    public IReadOnlyList<string> Interests { get; set; } = interests;

    /// <summary>The address registry's random key, for rate limits and a possible ban after a report.</summary>
    public long AddressKey { get; } = addressKey;

    public DateTimeOffset QueuedAt { get; set; } = queuedAt;

    /// <summary>The one just skipped or left: not matched again straight away, and still reportable.</summary>
    public Partner? LastPartner { get; set; }

    public string? LastPartnerId => LastPartner?.Id;

    /// <summary>Who this session is talking to, on whichever node; null while waiting.</summary>
    public Partner? Partner { get; set; }

    /// <summary>The open stream's queue; null until the page connects.</summary>
    public Subscriber? Events { get; set; }

    public const int MaxEarlyFrames = 64;

    /// <summary>
    /// What happened before this page's stream opened (the partner's offer and first lines, a change of state);
    /// lock it to use. A state frame is marked: the state rendered when the stream opens supersedes it.
    /// </summary>
    public Queue<(SseFrame Frame, bool IsState)> Early { get; } = new();

    public string ShortId => Id[..6];
}

/// <summary>
/// The other side of a conversation as this side knows it: their session and node, what they asked for, their
/// country (for the flag), whether this side starts the call, since when (for the average-length statistic), and an
/// interest both gave, if they were matched on one.
/// </summary>
public sealed record Partner(string Id, string Node, TalkMode Mode, string? Country, bool Offers, DateTimeOffset Since, string? Interest = null)
{
    public string ShortId => Id[..6];
}
