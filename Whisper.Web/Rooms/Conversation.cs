using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;

namespace Whisper.Web.Rooms;

/// <summary>
/// What a name may do to messages already in the room: react to anyone's, edit (for a while) and delete its own.
/// Each change is one numbered entry, so it reaches every page and every node like a message does.
/// </summary>
public sealed class Conversation(
    RoomChat chat, PostingRules rules, Sanctions sanctions, MessageFragments fragments, IEnumerable<IMessagePosted> observers, IOptions<MessageOptions> options,
    TimeProvider time, IStringLocalizer<RoomsText> words)
{
    private Refusal NoLongerHere => new(words["Rooms.Refusal.NoLongerHere"], StatusCodes.Status404NotFound);

    /// <summary>Adds <paramref name="emoji"/> from <paramref name="me"/> to the message, or takes it back when it is there already.</summary>
    public async Task<PostResult> ReactAsync(HttpContext context, Room room, Visitor me, long sequence, string? emoji)
    {
        if (emoji is null || !Reaction.Offered.Contains(emoji))
        {
            return Refused(words["Rooms.Refusal.OfferedReactions", string.Join(' ', Reaction.Offered)], StatusCodes.Status422UnprocessableEntity);
        }

        if (rules.CheckAuthor(context, room.Settings, me) is { } refusal)
        {
            return new PostResult(null, refusal);
        }

        if (room.Find(sequence) is not { IsAnnouncement: false } message)
        {
            return new PostResult(null, NoLongerHere);
        }

        if (Reaction.IsFull(message.Reactions, me.Name, emoji))
        {
            return Refused(words.Plural("Rooms.Refusal.ReactionFull", Reaction.MaxNames, emoji), StatusCodes.Status422UnprocessableEntity);
        }

        if (sanctions.IsMuted(me.Name))
        {
            // A shadow-muted name sees its reaction on its own page, as it sees its own posts, and nobody else does.
            return await EchoAsync(message with { Reactions = Reaction.Toggle(message.Reactions, me.Name, emoji) });
        }

        await room.ChangeAsync(new RoomEntry.Reacted(sequence, me.Name, emoji));
        // Told here, on the node that took it, as a post is: once, and only when a reaction is added by someone else.
        var added = message.Reactions?.Any(r => r.Emoji == emoji && r.Names.Contains(me.Name)) != true;
        if (added && message.Author != me.Name && !message.AuthorDeleted)
        {
            foreach (var observer in observers)
            {
                observer.Reacted(message, me.Name, emoji);
            }
        }

        return new PostResult(message, null);
    }

    /// <summary>
    /// Replaces the text of <paramref name="me"/>'s own message, within <see cref="MessageOptions.EditMinutes"/> of posting
    /// it. The new text passes the same screening as a post (<see cref="RoomChat.ScreenAsync"/>): held for a moderator,
    /// or withheld from everyone but its author while the author is muted.
    /// </summary>
    public async Task<PostResult> EditAsync(HttpContext context, Room room, Visitor me, long sequence, string? rawText)
    {
        if (Own(room, me, sequence) is not { } message)
        {
            return new PostResult(null, NoLongerHere);
        }

        if (options.Value.EditMinutes == 0)
        {
            return Refused(words["Rooms.Refusal.CannotEdit"], StatusCodes.Status409Conflict);
        }

        if (time.GetUtcNow() - message.PostedAt > EditWindow)
        {
            return Refused(words.Plural("Rooms.Refusal.EditTooLate", options.Value.EditMinutes), StatusCodes.Status409Conflict);
        }

        var (text, error) = message.File is not null && string.IsNullOrWhiteSpace(rawText) ? ("", null) : MessageText.Clean(rawText, options.Value.MaxLength, words);
        if (text is null)
        {
            return Refused(error ?? words["Rooms.Refusal.CannotReplace"], StatusCodes.Status422UnprocessableEntity);
        }

        var screening = await chat.ScreenAsync(context, room, me, text, message.File, edits: sequence);
        if (screening.Refusal is { } refused)
        {
            // The rule's own sentence speaks of messages; say first what became of this edit.
            return new PostResult(null, refused with { Message = words["Rooms.Refusal.KeepsOldText", refused.Message] });
        }

        if (screening.Withheld)
        {
            return await EchoAsync(message with { Text = text, BodyHtml = MessageText.ToHtml(text), EditedAt = time.GetUtcNow() });
        }

        return await chat.ApplyEditAsync(room, sequence, text) ? new PostResult(room.Find(sequence), null) : new PostResult(null, NoLongerHere);
    }

    /// <summary>The changed message for its author's page alone, swapped over the copy there (the room's copy is unchanged).</summary>
    private async Task<PostResult> EchoAsync(ChatMessage changed) =>
        new(changed, null, await fragments.RenderForAuthorAsync(changed with { OutOfBand = true })) { ShadowInPlace = true };

    private static PostResult Refused(string sentence, int status) => new(null, new Refusal(sentence, status));

    /// <summary>Deletes <paramref name="me"/>'s own message for everyone (its file goes with it), as a moderator's removal does.</summary>
    public async Task<Refusal?> DeleteAsync(Room room, Visitor me, long sequence)
    {
        if (Own(room, me, sequence) is null)
        {
            return NoLongerHere;
        }

        await chat.RemoveAsync(room, sequence);
        return null;
    }

    public TimeSpan EditWindow => TimeSpan.FromMinutes(options.Value.EditMinutes);

    /// <summary>The message, when it is still here and <paramref name="me"/> wrote it.</summary>
    public static ChatMessage? Own(Room room, Visitor me, long sequence) =>
        room.Find(sequence) is { IsAnnouncement: false, AuthorDeleted: false } message && message.Author == me.Name ? message : null;
}
