using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Files;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;
using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// What became of a post or of a change to a message: the message, a refusal, or (held, or its author shadow-muted)
/// markup only its author sees. <see cref="Repeated"/>: the send key had been posted already, so this answer confirms
/// that message and posts nothing.
/// </summary>
public sealed record PostResult(ChatMessage? Message, Refusal? Refusal, string? ShadowHtml = null, bool Repeated = false)
{
    /// <summary>The shadow markup replaces the message already on the author's page (an edit, a reaction) instead of adding one.</summary>
    public bool ShadowInPlace { get; init; }
}

/// <summary>Posting to a room: checks the text and the rules, then appends it with its fragment rendered once for every reader.</summary>
public sealed class RoomChat(
    RoomRegistry rooms, IEnumerable<IMessagePosted> observers, FragmentRenderer renderer, MessageFragments fragments, PostingRules rules, Sanctions sanctions, Filters filters, DailyStats stats, IOptions<MessageOptions> options, TimeProvider time, ILogger<RoomChat> logger,
    IStringLocalizer<RoomsText> words)
{

    public int MaxLength => options.Value.MaxLength;

    /// <summary>
    /// Checks and posts a message; with a file, the text is an optional caption. The same text sent again with a
    /// send key already posted in this room (the first answer was lost) posts nothing and confirms the first
    /// message; a text changed since is a new message.
    /// </summary>
    public async Task<PostResult> PostAsync(HttpContext context, Room room, Visitor author, string? rawText, Attachment? file = null, string? sendKey = null, long? replyTo = null)
    {
        Quote? reply = null;
        if (replyTo is long answered)
        {
            if (room.Find(answered) is not { } original)
            {
                return new PostResult(null, new Refusal(words["Rooms.Refusal.AnsweredGone"], StatusCodes.Status422UnprocessableEntity));
            }

            reply = Quote.Of(original);
        }

        var (text, error) = file is not null && string.IsNullOrWhiteSpace(rawText) ? ("", null) : MessageText.Clean(rawText, options.Value.MaxLength, words);
        if (text is null)
        {
            return new PostResult(null, new Refusal(error ?? words["Rooms.Refusal.NotPosted"], StatusCodes.Status422UnprocessableEntity));
        }

        var once = sendKey is null ? null : SendKey.ForMessage(sendKey, author.Name, text, file);
        var screening = await ScreenAsync(context, room, author, text, file);
        if (screening.Refusal is { } refusal)
        {
            // A resend may be refused as a repeat of itself (same text, slow mode): then the first one is confirmed.
            // Asked only here, so an ordinary post costs no extra look-up; the append itself checks the key too.
            try
            {
                return once is not null && await room.SentAsync(once) is { } earlier ? new PostResult(earlier, null, Repeated: true) : new PostResult(null, refusal);
            }
            catch (ClusterUnavailableException exception)
            {
                return Unavailable(room, exception);
            }
        }

        if (screening.Withheld)
        {
            // Shadow-muted or held for review: rendered for its author alone, so the troll sees no sign of either.
            var now = time.GetUtcNow();
            var shadow = new ChatMessage(room.Name, -now.ToUnixTimeMilliseconds(), author.Name, text, MessageText.ToHtml(text), now) { File = file, Reply = reply };
            return new PostResult(null, null, await fragments.RenderForAuthorAsync(shadow));
        }

        ChatMessage message;
        bool repeated;
        try
        {
            (message, repeated) = await room.AppendAsync(author.Name, text, MessageText.ToHtml(text), RenderAsync, file: file, sendKey: once, reply: reply);
        }
        catch (ClusterUnavailableException exception)
        {
            return Unavailable(room, exception);
        }

        if (!repeated)
        {
            stats.CountMessage();
            Announce(message);
        }

        return new PostResult(message, null, Repeated: repeated);
    }

    private PostResult Unavailable(Room room, ClusterUnavailableException exception)
    {
        logger.LogError(exception, "Could not post in room {Room}", room.Name);
        return new PostResult(null, new Refusal(words["Rooms.Refusal.Unavailable"], StatusCodes.Status503ServiceUnavailable));
    }

    /// <summary>
    /// The one screening every text sent to a room passes, a new message or an edit of one (<paramref name="edits"/>):
    /// bans and the room's controls, the repeat check, slow mode, then the word filters (a holding filter holds it for a
    /// moderator, a muting one mutes its author). Withheld: only its author may see it (held, or its author is muted).
    /// </summary>
    public async Task<Screening> ScreenAsync(HttpContext context, Room room, Visitor author, string text, Attachment? file, long? edits = null)
    {
        if (rules.Check(context, room.Settings, author, text.Length > 0 ? text : file?.Name ?? text) is { } refusal)
        {
            return new Screening(refusal);
        }

        var screening = await filters.ScreenPostAsync(room.Name, author.Name, text, file, edits);
        return screening.Refusal is null && sanctions.IsMuted(author.Name) ? new Screening(Withheld: true) : screening;
    }

    /// <summary>Replaces a message's text everywhere (its author's edit, or a held edit a moderator approved); false when it is gone.</summary>
    public async Task<bool> ApplyEditAsync(Room room, long sequence, string text)
    {
        if (room.Find(sequence) is not { IsAnnouncement: false, AuthorDeleted: false })
        {
            return false;
        }

        await room.ChangeAsync(new RoomEntry.Edited(sequence, text, MessageText.ToHtml(text), time.GetUtcNow()));
        return true;
    }

    /// <summary>Posts a message a filter held, once a moderator approved it, as its author had sent it.</summary>
    public async Task<ChatMessage> PostApprovedAsync(Room room, string author, string text, Attachment? file)
    {
        var (message, _) = await room.AppendAsync(author, text, MessageText.ToHtml(text), RenderAsync, file: file);
        stats.CountMessage();
        Announce(message);
        return message;
    }

    /// <summary>Marks an expired file in the messages that still show it, live and in replays.</summary>
    public async Task ExpireFileAsync(string fileId)
    {
        foreach (var room in rooms.All)
        {
            await room.RewriteAsync(new RoomEntry.FileExpired(fileId));
        }
    }

    /// <summary>Posts an announcement from the moderators; pinned ones also stay above the messages until removed.</summary>
    public async Task<ChatMessage?> AnnounceAsync(Room room, string rawText, bool pin)
    {
        var (text, _) = MessageText.Clean(rawText, options.Value.MaxLength, words);
        if (text is null)
        {
            return null;
        }

        var (message, _) = await room.AppendAsync("", text, MessageText.ToHtml(text), RenderAsync, announcement: true);
        Announce(message);
        if (pin)
        {
            await PinAsync(room, text);
        }

        return message;
    }

    /// <summary>Sets or clears (null) the pinned announcement and updates every open page.</summary>
    public async Task PinAsync(Room room, string? text)
    {
        await rooms.UpdateAsync(room.Settings with { Pinned = text });
        await room.NoticeAsync(await renderer.RenderAsync(RoomViews.Pinned, new PinnedNotice(room.Name, text, OutOfBand: true)));
    }

    /// <summary>Removes a message from the ring and from every open page; null when it was already gone.</summary>
    public Task<ChatMessage?> RemoveAsync(Room room, long sequence) =>
        room.RemoveAsync(sequence, removed => renderer.RenderAsync(RoomViews.Removal, removed));

    /// <summary>
    /// Shows a deleted identity's held messages as "(deleted identity)" everywhere, live and in replays, and takes the
    /// name out of reactions and of quotes in answers.
    /// </summary>
    public async Task ForgetAuthorAsync(string name)
    {
        foreach (var room in rooms.All)
        {
            await room.RewriteAsync(new RoomEntry.NameForgotten(name));
        }
    }

    private void Announce(ChatMessage message)
    {
        foreach (var observer in observers)
        {
            observer.Posted(message);
        }
    }

    public Task<string> RenderOnlineAsync(int online) => renderer.RenderAsync(RoomViews.Online, online);

    public Task<string> RenderPeopleAsync(PeopleChange change) => renderer.RenderAsync(RoomViews.PeopleChange, change);

    private Task<string> RenderAsync(ChatMessage message) => fragments.RenderAsync(message);
}
