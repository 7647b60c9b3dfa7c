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
    RoomChat chat, PostingRules rules, Sanctions sanctions, Filters filters, IOptions<MessageOptions> options, TimeProvider time, IStringLocalizer<RoomsText> words)
{
    private Refusal NoLongerHere => new(words["Rooms.Refusal.NoLongerHere"], StatusCodes.Status404NotFound);

    /// <summary>Adds <paramref name="emoji"/> from <paramref name="me"/> to the message, or takes it back when it is there already.</summary>
    public async Task<Refusal?> ReactAsync(HttpContext context, Room room, Visitor me, long sequence, string? emoji)
    {
        if (emoji is null || !Reaction.Offered.Contains(emoji))
        {
            return new Refusal(words["Rooms.Refusal.OfferedReactions", string.Join(' ', Reaction.Offered)], StatusCodes.Status422UnprocessableEntity);
        }

        if (rules.CheckAuthor(context, room.Settings, me) is { } refusal)
        {
            return refusal;
        }

        if (room.Find(sequence) is not { IsAnnouncement: false } message)
        {
            return NoLongerHere;
        }

        if (Reaction.IsFull(message.Reactions, me.Name, emoji))
        {
            return new Refusal(words.Plural("Rooms.Refusal.ReactionFull", Reaction.MaxNames, emoji), StatusCodes.Status422UnprocessableEntity);
        }

        // A shadow-muted name sees no sign of it: the reaction is taken and goes nowhere.
        if (!sanctions.IsMuted(me.Name))
        {
            await room.ChangeAsync(new RoomEntry.Reacted(sequence, me.Name, emoji));
        }

        return null;
    }

    /// <summary>Replaces the text of <paramref name="me"/>'s own message, within <see cref="MessageOptions.EditMinutes"/> of posting it.</summary>
    public async Task<Refusal?> EditAsync(HttpContext context, Room room, Visitor me, long sequence, string? rawText)
    {
        if (Own(room, me, sequence) is not { } message)
        {
            return NoLongerHere;
        }

        if (options.Value.EditMinutes == 0)
        {
            return new Refusal(words["Rooms.Refusal.CannotEdit"], StatusCodes.Status409Conflict);
        }

        if (time.GetUtcNow() - message.PostedAt > EditWindow)
        {
            return new Refusal(words.Plural("Rooms.Refusal.EditTooLate", options.Value.EditMinutes), StatusCodes.Status409Conflict);
        }

        var (text, error) = message.File is not null && string.IsNullOrWhiteSpace(rawText) ? ("", null) : MessageText.Clean(rawText, options.Value.MaxLength, words);
        if (text is null)
        {
            return new Refusal(error ?? words["Rooms.Refusal.CannotReplace"], StatusCodes.Status422UnprocessableEntity);
        }

        if (rules.CheckAuthor(context, room.Settings, me) is { } refusal)
        {
            return refusal;
        }

        // Edits pass the same filters as posts; a text a moderator would have to see first cannot slip in as an edit.
        if (filters.Match(text, room.Name) is { } filter)
        {
            return new Refusal(filter.Action == FilterAction.Refuse ? filter.Sentence : words["Rooms.Refusal.CannotReplaceHere"], StatusCodes.Status422UnprocessableEntity);
        }

        if (!sanctions.IsMuted(me.Name))
        {
            await room.ChangeAsync(new RoomEntry.Edited(sequence, text, MessageText.ToHtml(text), time.GetUtcNow()));
        }

        return null;
    }

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
