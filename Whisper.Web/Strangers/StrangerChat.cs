using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;
using Whisper.Web.Sse;

namespace Whisper.Web.Strangers;

/// <summary>What the stranger chat tells a page: its state, the partner's words, typing, and WebRTC signals.</summary>
public sealed record TalkStatus(string State, TalkMode Mode, bool Offers = false, string? Country = null);

/// <summary>A line of the conversation as one of the two pages shows it; <see cref="Html"/> is already encoded and linked.</summary>
public sealed record TalkLine(string Html, bool Mine, DateTimeOffset At);

/// <summary>
/// The stranger chat: sessions while their pages are open, matching, and relaying between the two pages of a
/// conversation. Words pass through and are gone: nothing here keeps a line once it has been handed on.
/// </summary>
public sealed class StrangerChat(
    Matchmaker matchmaker, FragmentRenderer renderer, DailyStats stats, Reports reports, ClientAddresses addresses, CountryLookup countries,
    IOptions<TalkOptions> options, TimeProvider time)
{
    public const string StatusPartial = "~/Views/Talk/_TalkStatus.cshtml";
    public const string LinePartial = "~/Views/Talk/_TalkLine.cshtml";
    private const int MaxSignalBytes = 16 * 1024;

    private readonly ConcurrentDictionary<string, StrangerSession> sessions = new(StringComparer.Ordinal);

    /// <summary>People with the stranger chat open right now.</summary>
    public int Online => sessions.Count;

    public int MaxMessageLength => options.Value.MaxMessageLength;

    public StrangerSession? Find(string? id) => id is not null && sessions.TryGetValue(id, out var session) ? session : null;

    /// <summary>Starts (or restarts) looking for a partner; returns the session the page keeps.</summary>
    public async Task<StrangerSession> StartAsync(string? existingId, TalkMode mode, IReadOnlyList<string> interests, long addressKey)
    {
        var session = Find(existingId);
        if (session is not null)
        {
            await EndAsync(session, "left");
            session.Mode = mode;
            session.Interests = interests;
        }
        else
        {
            session = new StrangerSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), mode, interests, addressKey, time.GetUtcNow());
            sessions[session.Id] = session;
        }

        await QueueAsync(session);
        return session;
    }

    /// <summary>The page's stream opened: it hears its current state first.</summary>
    public async Task<(Subscriber Events, SseFrame State)?> ConnectAsync(string? id)
    {
        if (Find(id) is not { } session)
        {
            return null;
        }

        session.Events?.Complete();
        session.Events = new Subscriber(256, 0);
        var state = session.Conversation is null ? "waiting" : "matched";
        var partner = session.Conversation?.PartnerOf(session);
        return (session.Events, await StatusFrameAsync(state, partner?.Mode ?? session.Mode, ReferenceEquals(session.Conversation?.First, session), CountryOf(partner)));
    }

    /// <summary>The page is gone (its stream closed): the conversation ends and the session is forgotten.</summary>
    public async Task LeaveAsync(string id, Subscriber events)
    {
        if (Find(id) is not { } session || !ReferenceEquals(session.Events, events))
        {
            return;
        }

        matchmaker.Remove(session);
        await EndAsync(session, "left");
        sessions.TryRemove(id, out _);
    }

    /// <summary>Hands the text to the partner's page and returns the sender's own copy; null when not talking.</summary>
    public async Task<string?> RelayAsync(StrangerSession session, string text)
    {
        if (session.Conversation is not { } conversation)
        {
            return null;
        }

        var now = time.GetUtcNow();
        conversation.PartnerOf(session).Events?.TryDeliver(SseFrame.Event("line", await renderer.RenderAsync(LinePartial, new TalkLine(text, false, now))));
        return await renderer.RenderAsync(LinePartial, new TalkLine(text, true, now));
    }

    public void Typing(StrangerSession session) =>
        session.Conversation?.PartnerOf(session).Events?.TryDeliver(SseFrame.Event("typing", "<span class=\"talk__typing-text\">Stranger is typing…</span>"));

    /// <summary>Relays a WebRTC signal (offer, answer, ICE candidate) to the current partner only; false otherwise.</summary>
    public bool Signal(StrangerSession session, string json)
    {
        if (json.Length > MaxSignalBytes || json.Contains('\n', StringComparison.Ordinal) || session.Conversation is not { } conversation)
        {
            return false;
        }

        return conversation.PartnerOf(session).Events?.TryDeliver(SseFrame.Event("signal", json)) ?? false;
    }

    /// <summary>Ends the conversation for both and looks for someone new (never the one just skipped).</summary>
    public async Task SkipAsync(StrangerSession session)
    {
        await EndAsync(session, "left");
        await QueueAsync(session);
    }

    /// <summary>Files a report about the partner (with an excerpt only if the reporter attached one) and moves on.</summary>
    public async Task<bool> ReportAsync(StrangerSession session, string reason, string? excerpt)
    {
        if (session.Conversation is not { } conversation)
        {
            return false;
        }

        var partner = conversation.PartnerOf(session);
        await reports.FileAsync(Reports.StrangerSource, null, null, $"Stranger {partner.ShortId}", reason, string.IsNullOrWhiteSpace(excerpt) ? null : excerpt.Trim());
        ReportedAddresses[$"Stranger {partner.ShortId}"] = partner.AddressKey;
        await SkipAsync(session);
        return true;
    }

    /// <summary>Reported sessions' address keys, so the admin can ban the address while it is still known.</summary>
    public ConcurrentDictionary<string, long> ReportedAddresses { get; } = new(StringComparer.Ordinal);

    /// <summary>Drops reported keys whose address the registry has forgotten: nothing is left to ban.</summary>
    public void ForgetUnknownReported()
    {
        foreach (var (label, key) in ReportedAddresses)
        {
            if (addresses.FindByKey(key) is null)
            {
                ReportedAddresses.TryRemove(new KeyValuePair<string, long>(label, key));
            }
        }
    }

    /// <summary>Forgets sessions whose page never opened its stream (closed at once, or never had script).</summary>
    public async Task ForgetAbandonedAsync(TimeSpan grace)
    {
        foreach (var session in sessions.Values)
        {
            if (session.Events is null && time.GetUtcNow() - session.QueuedAt > grace && sessions.TryRemove(session.Id, out _))
            {
                matchmaker.Remove(session);
                await EndAsync(session, "left");
            }
        }
    }

    /// <summary>Pairs those whose interest wait ran out; the talk ticker calls it every second.</summary>
    public async Task MatchPatientOnesAsync()
    {
        foreach (var conversation in matchmaker.MatchPatientOnes())
        {
            await AnnounceAsync(conversation);
        }
    }

    private async Task QueueAsync(StrangerSession session)
    {
        if (matchmaker.Enqueue(session) is { } conversation)
        {
            await AnnounceAsync(conversation);
        }
        else
        {
            session.Events?.TryDeliver(await StatusFrameAsync("waiting", session.Mode));
        }
    }

    private async Task AnnounceAsync(Conversation conversation)
    {
        // The one who waited longer starts the call (sends the WebRTC offer); the other answers.
        conversation.First.Events?.TryDeliver(await StatusFrameAsync("matched", conversation.Second.Mode, offers: true, CountryOf(conversation.Second)));
        conversation.Second.Events?.TryDeliver(await StatusFrameAsync("matched", conversation.First.Mode, country: CountryOf(conversation.First)));
    }

    private async Task EndAsync(StrangerSession session, string why)
    {
        if (session.Conversation is not { } conversation)
        {
            return;
        }

        var partner = conversation.PartnerOf(session);
        session.Conversation = partner.Conversation = null;
        session.LastPartnerId = partner.Id;
        partner.LastPartnerId = session.Id;
        stats.RecordStrangerConversation(time.GetUtcNow() - conversation.StartedAt);
        partner.Events?.TryDeliver(await StatusFrameAsync(why, partner.Mode));
    }

    private async Task<SseFrame> StatusFrameAsync(string state, TalkMode mode, bool offers = false, string? country = null) =>
        SseFrame.Event("status", await renderer.RenderAsync(StatusPartial, new TalkStatus(state, mode, offers, country)));

    /// <summary>Looked up from the in-memory address registry when needed, never stored on the session.</summary>
    private string? CountryOf(StrangerSession? session) =>
        session is null ? null : countries.CountryOf(addresses.FindByKey(session.AddressKey)?.Address);
}
