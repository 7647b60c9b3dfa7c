using Microsoft.Extensions.Options;
using Whisper.Web.Identity;
using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>Posting to a room: checks the text, then appends it with its fragment rendered once for every reader.</summary>
public sealed class RoomChat(FragmentRenderer renderer, IOptions<MessageOptions> options, ILogger<RoomChat> logger)
{
    public const string MessagePartial = "~/Views/Rooms/_Message.cshtml";
    public const string OnlinePartial = "~/Views/Rooms/_Online.cshtml";

    public int MaxLength => options.Value.MaxLength;

    /// <summary>The posted message, or the reason it was refused (nothing is kept then).</summary>
    public async Task<(ChatMessage? Message, string? Error)> PostAsync(Room room, Visitor author, string? rawText)
    {
        var (text, error) = MessageText.Clean(rawText, options.Value.MaxLength);
        if (text is null)
        {
            return (null, error);
        }

        var message = await room.AppendAsync(author.Name, text, MessageText.ToHtml(text), RenderAsync);
        return (message, null);
    }

    public Task<string> RenderOnlineAsync(int online) => renderer.RenderAsync(OnlinePartial, online);

    private async Task<string> RenderAsync(ChatMessage message)
    {
        try
        {
            return await renderer.RenderAsync(MessagePartial, message);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // One broken fragment must not break the stream: readers get a placeholder with the same id.
            // The log names the room and sequence only, never the text.
            logger.LogError(exception, "Could not render message {Sequence} in room {Room}", message.Sequence, message.Room);
            return $"<article id=\"{message.DomId}\" class=\"message message--broken\">Could not show this message.</article>";
        }
    }
}
