using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;
using Whisper.Web.Sse;

namespace Whisper.Web.Talk;

/// <summary>
/// What the stranger chat tells a page: its state, the partner's mode and country, the interest both gave, and for a
/// call, who offers and the ICE servers (with this conversation's relay credentials).
/// </summary>
public sealed record TalkStatus(string State, TalkMode Mode, bool Offers = false, string? Country = null, string? Interest = null, string? IceServers = null);

/// <summary>A line of the conversation as one of the two pages shows it; <see cref="Html"/> is already encoded and linked.</summary>
public sealed record TalkLine(string Html, bool Mine, DateTimeOffset At);

/// <summary>A reason the report dialog offers: the English value the report keeps, and its text's key in <c>TalkText</c>.</summary>
public sealed record ReportChoice(string Value, string Key);

/// <summary>
/// What one side of a conversation tells the other, through memory when both are on this node, through Redis when
/// not: matched (with the partner), a line (its encoded words) or typing, which the receiving node writes in its page's
/// language, a frame for the page (a signal), ended (and why), reported.
/// </summary>
public sealed record TalkNote(string To, string From, string Kind, string? Event = null, string? Data = null, Partner? Partner = null);

/// <summary>
/// The stranger chat: sessions while their pages are open, matching through the waiting line, and relaying between
/// the two pages of a conversation, wherever each is held. Words pass through and are gone: nothing here keeps a
/// line once it has been handed on.
/// </summary>
public sealed class StrangerChat(
    IWaitingLine line, ITalkTransport transport, ClusterConnection cluster, FragmentRenderer renderer, DailyStats stats, Reports reports, ClientAddresses addresses,
    CountryLookup countries, TurnCredentials turn, IOptions<TalkOptions> options, TimeProvider time, ILogger<StrangerChat> logger, Metrics.WhisperMeter meter)
{
    public const string StatusPartial = "~/Views/Talk/_TalkStatus.cshtml";
    public const string LinePartial = "~/Views/Talk/_TalkLine.cshtml";
    private const string TypingPartial = "~/Views/Talk/_TalkTyping.cshtml";

    /// <summary>The stream event carrying signals: read by call.js from the EventSource, swapped by no element.</summary>
    public const string SignalEvent = "signal";

    private readonly ConcurrentDictionary<string, StrangerSession> sessions = new(StringComparer.Ordinal);

    /// <summary>People with the stranger chat open on this node right now.</summary>
    public int Online => sessions.Count;

    /// <summary>People on this node looking for a partner: their page is open and nobody is matched with them yet.</summary>
    public int Waiting => sessions.Values.Count(s => s.Partner is null);

    public int MaxMessageLength => options.Value.MaxMessageLength;

    /// <summary>
    /// What a stranger can be reported for: what a room message can, and being under age (minors are not allowed here).
    /// Reports keep the English value, for the moderators; the dialog shows each in the visitor's language.
    /// </summary>
    public IReadOnlyList<ReportChoice> ReportReasons =>
    [
        .. Reports.Reasons.SkipLast(1).Zip(ReasonKeys, (value, key) => new ReportChoice(value, key)),
        new(Reports.MinorReason(options.Value.MinimumAge), "Minor"),
        new(Reports.Reasons[^1], "Other"),
    ];

    /// <summary>The keys of <see cref="Reports.Reasons"/> in their order, but the last ("Something else").</summary>
    private static readonly string[] ReasonKeys = ["Spam", "Harassment", "Sexual", "Threats", "Personal"];

    /// <summary>The session with this id, if this request comes from the browser that started it.</summary>
    public StrangerSession? Find(string? id, HttpContext context) =>
        Held(id) is { } session && CryptographicOperations.FixedTimeEquals(session.Browser, BrowserHash(context)) ? session : null;

    /// <summary>Whether a session with this id is held here at all (for tests and statistics; never to act on it).</summary>
    public bool Holds(string id) => sessions.ContainsKey(id);

    private StrangerSession? Held(string? id) => id is not null && sessions.TryGetValue(id, out var session) ? session : null;

    /// <summary>The browser's antiforgery cookie, hashed; every browser that can post here has one.</summary>
    private static byte[] BrowserHash(HttpContext context) =>
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(context.Request.Cookies[Hosting.HostingFeature.AntiforgeryCookie] ?? ""));

    /// <summary>
    /// Starts (or restarts) looking for a partner; returns the session the page keeps. An id from another browser
    /// is not restarted: this browser gets a session of its own.
    /// </summary>
    public async Task<StrangerSession> StartAsync(HttpContext context, string? existingId, TalkMode mode, IReadOnlyList<string> interests, long addressKey)
    {
        var session = Find(existingId, context);
        if (session is not null)
        {
            await EndAsync(session, "left");
            session.Mode = mode;
            session.Interests = interests;
        }
        else
        {
            session = new StrangerSession(
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), BrowserHash(context), mode, interests, addressKey, time.GetUtcNow());
            sessions[session.Id] = session;
        }

        // What this page is told from now on (states, the partner's lines) is written in the language it asks in now.
        session.Culture = CultureInfo.CurrentUICulture;

        await QueueAsync(session);
        return session;
    }

    /// <summary>
    /// The page's stream opened: it hears its current state first, then whatever the partner sent before it opened
    /// (the partner may be matched, and start its call, while this page's answer to joining is still on its way).
    /// </summary>
    public async Task<(Subscriber Events, IReadOnlyList<SseFrame> Opening)?> ConnectAsync(string? id, HttpContext context)
    {
        if (Find(id, context) is not { } session)
        {
            return null;
        }

        // No stream while the state is rendered: what happens meanwhile (matched, ended, the partner's offer) waits
        // in Early and follows the state, so nothing falls between the two.
        lock (session.Early)
        {
            session.Events?.Complete();
            session.Events = null;
            // States from before now are superseded by the one rendered below; the partner's frames stay.
            var frames = session.Early.Where(e => !e.IsState).ToList();
            session.Early.Clear();
            frames.ForEach(session.Early.Enqueue);
        }

        var partner = session.Partner;
        var state = partner is null ? await StatusFrameAsync(session, "waiting") : await MatchedFrameAsync(session, partner);
        lock (session.Early)
        {
            session.Events = new Subscriber(256, 0);
            IReadOnlyList<SseFrame> opening = [state, .. session.Early.Select(e => e.Frame)];
            session.Early.Clear();
            return (session.Events, opening);
        }
    }

    /// <summary>Hands a frame to the page, or keeps it (a few, the latest) until the page's stream opens.</summary>
    private static void Deliver(StrangerSession session, SseFrame frame, bool isState = false)
    {
        Subscriber? open = null;
        lock (session.Early)
        {
            if (session.Events is { } events)
            {
                // Queued in order under the lock; written into the response after it, so no write waits on the lock.
                events.TryQueue(frame);
                open = events;
            }
            else
            {
                if (session.Early.Count == StrangerSession.MaxEarlyFrames)
                {
                    session.Early.Dequeue();
                }

                session.Early.Enqueue((frame, isState));
            }
        }

        open?.WriteQueued();
    }

    /// <summary>The page is gone (its stream closed): the conversation ends and the session is forgotten.</summary>
    public async Task LeaveAsync(string id, Subscriber events)
    {
        if (Held(id) is not { } session || !ReferenceEquals(session.Events, events))
        {
            return;
        }

        sessions.TryRemove(id, out _);
        await EndAsync(session, "left");
        await LeaveLineAsync(session);
    }

    /// <summary>
    /// Hands the text to the partner's page (unless a filter withheld it: <paramref name="deliver"/> false) and returns the
    /// sender's own copy; null when not talking.
    /// </summary>
    public async Task<string?> RelayAsync(StrangerSession session, string text, bool deliver = true)
    {
        if (session.Partner is not { } partner)
        {
            return null;
        }

        if (deliver)
        {
            // The encoded words travel; the partner's node puts them in a line in its page's language.
            await SendAsync(partner.Node, new TalkNote(partner.Id, session.Id, "line", Data: text));
        }

        return await RenderAsync(session, LinePartial, new TalkLine(text, true, time.GetUtcNow()));
    }

    public async Task TypingAsync(StrangerSession session)
    {
        if (session.Partner is { } partner)
        {
            await SendAsync(partner.Node, new TalkNote(partner.Id, session.Id, "typing"));
        }
    }

    /// <summary>
    /// Relays a WebRTC signal, already parsed and re-serialised by <see cref="TalkSignal.Normalise"/>, to the current
    /// partner only; false when not talking.
    /// </summary>
    public async Task<bool> SignalAsync(StrangerSession session, string normalisedJson) =>
        session.Partner is { } partner && await SendAsync(partner.Node, new TalkNote(partner.Id, session.Id, "frame", SignalEvent, normalisedJson));

    /// <summary>Ends the conversation for both and looks for someone new (never the one just skipped).</summary>
    public async Task SkipAsync(StrangerSession session)
    {
        await EndAsync(session, "left");
        await QueueAsync(session);
    }

    /// <summary>
    /// Files a report about the partner, or the one who just left (someone abusive cannot escape a report by leaving),
    /// with an excerpt only if the reporter attached one, and moves on.
    /// </summary>
    public async Task<bool> ReportAsync(StrangerSession session, string reason, string? excerpt)
    {
        if ((session.Partner ?? session.LastPartner) is not { } partner)
        {
            return false;
        }

        await reports.FileAsync(Reports.StrangerSource, null, null, Reports.StrangerCalled(partner.ShortId), reason, string.IsNullOrWhiteSpace(excerpt) ? null : Rooms.MessageText.StripInvisible(excerpt).Trim());
        // The partner's node knows their address: it keeps the key, so an admin there can ban it.
        await SendAsync(partner.Node, new TalkNote(partner.Id, session.Id, "reported"));
        if (session.Partner is not null)
        {
            await SkipAsync(session);
        }

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
                await EndAsync(session, "left");
                await LeaveLineAsync(session);
            }
        }
    }

    /// <summary>Pairs those whose interest wait ran out; the talk ticker calls it every second.</summary>
    public async Task MatchPatientOnesAsync()
    {
        foreach (var match in await line.MatchPatientOnesAsync())
        {
            await AnnounceAsync(match);
        }
    }

    /// <summary>Acts on what a partner's side sent, from this node or another.</summary>
    public async Task ReceiveAsync(TalkNote note)
    {
        if (Held(note.To) is not { } session)
        {
            if (note is { Kind: "matched", Partner: { } orphan })
            {
                // Matched after leaving: the partner is told at once and goes on looking.
                await SendAsync(orphan.Node, new TalkNote(orphan.Id, note.To, "ended", Data: "left"));
            }

            return;
        }

        switch (note.Kind)
        {
            case "matched" when note.Partner is { } partner:
                if (session.Partner is not null)
                {
                    await SendAsync(partner.Node, new TalkNote(partner.Id, session.Id, "ended", Data: "left"));
                    return;
                }

                session.Partner = partner;
                // Interests were only for matching: not kept once it is done.
                session.Interests = [];
                Deliver(session, await MatchedFrameAsync(session, partner), isState: true);
                break;
            case "frame" when session.Partner?.Id == note.From && note.Event is { } name:
                Deliver(session, SseFrame.Event(name, note.Data ?? ""));
                break;
            case "line" when session.Partner?.Id == note.From && note.Data is { } html:
                Deliver(session, SseFrame.Event("line", await RenderAsync(session, LinePartial, new TalkLine(html, false, time.GetUtcNow()))));
                break;
            case "typing" when session.Partner?.Id == note.From:
                Deliver(session, SseFrame.Event("typing", await RenderAsync<object?>(session, TypingPartial, null)));
                break;
            case "ended" when session.Partner?.Id == note.From:
                session.LastPartner = session.Partner;
                session.Partner = null;
                lock (session.Early)
                {
                    session.Early.Clear();
                }

                Deliver(session, await StatusFrameAsync(session, note.Data ?? "left"), isState: true);
                break;
            case "reported":
                ReportedAddresses[Reports.StrangerCalled(session.ShortId)] = session.AddressKey;
                break;
        }
    }

    private async Task QueueAsync(StrangerSession session)
    {
        session.QueuedAt = time.GetUtcNow();
        var ticket = new Ticket(session.Id, cluster.NodeId, session.Mode, session.Interests, session.LastPartnerId, session.QueuedAt, CountryOf(session));
        if (await line.EnqueueAsync(ticket) is { } match)
        {
            await AnnounceAsync(match);
        }
        else
        {
            Deliver(session, await StatusFrameAsync(session, "waiting"), isState: true);
        }
    }

    /// <summary>Tells each side who they got; the one who waited longer starts the call (sends the WebRTC offer).</summary>
    private async Task AnnounceAsync(Match match)
    {
        var now = time.GetUtcNow();
        var (first, second) = (match.First, match.Second);
        var shared = first.Interests.Intersect(second.Interests, StringComparer.OrdinalIgnoreCase).FirstOrDefault();
        meter.StrangerMatches.Add(1);
        await SendAsync(first.Node, new TalkNote(first.Session, second.Session, "matched", Partner: new Partner(second.Session, second.Node, second.Mode, second.Country, true, now, shared)));
        await SendAsync(second.Node, new TalkNote(second.Session, first.Session, "matched", Partner: new Partner(first.Session, first.Node, first.Mode, first.Country, false, now, shared)));
    }

    private async Task EndAsync(StrangerSession session, string why)
    {
        if (session.Partner is not { } partner)
        {
            return;
        }

        session.Partner = null;
        session.LastPartner = partner;
        stats.RecordStrangerConversation(time.GetUtcNow() - partner.Since);
        await SendAsync(partner.Node, new TalkNote(partner.Id, session.Id, "ended", Data: why));
    }

    private async Task LeaveLineAsync(StrangerSession session)
    {
        try
        {
            await line.RemoveAsync(session.Id);
        }
        catch (ClusterUnavailableException exception)
        {
            // Its node stops vouching for the ticket, so it fades out of the shared line by itself.
            logger.LogWarning(exception, "Could not take a stranger session out of the waiting line");
        }
    }

    /// <summary>Hands the note to its session: here directly, on another node through the transport.</summary>
    private async Task<bool> SendAsync(string node, TalkNote note)
    {
        if (node == cluster.NodeId)
        {
            await ReceiveAsync(note);
            return true;
        }

        return await transport.SendAsync(node, note);
    }

    private async Task<SseFrame> StatusFrameAsync(StrangerSession session, string state) =>
        SseFrame.Event("status", await RenderAsync(session, StatusPartial, new TalkStatus(state, session.Mode)));

    /// <summary>A call gets relay credentials of its own each time its page hears it is matched.</summary>
    private async Task<SseFrame> MatchedFrameAsync(StrangerSession session, Partner partner) =>
        SseFrame.Event("status", await RenderAsync(session, StatusPartial, new TalkStatus(
            "matched", partner.Mode, partner.Offers, partner.Country, partner.Interest, partner.Mode == TalkMode.Text ? null : turn.IceServersJson())));

    /// <summary>
    /// A fragment for one page, in that page's language. Each fragment here has a single reader, so rendering per page
    /// costs nothing that rooms' render-once fan-out would (the culture is async-local: it goes back when this returns).
    /// </summary>
    private Task<string> RenderAsync<TModel>(StrangerSession session, string partial, TModel model) =>
        FragmentLanguage.InAsync(session.Culture, _ => renderer.RenderAsync(partial, model));

    /// <summary>Looked up from the in-memory address registry when needed, never stored on the session.</summary>
    private string? CountryOf(StrangerSession session) => countries.CountryOf(addresses.FindByKey(session.AddressKey)?.Address);
}
