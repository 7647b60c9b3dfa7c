using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>Renders a message's fragment, the same for every viewer of one language; a fragment that fails becomes a placeholder with the same id.</summary>
public sealed class MessageFragments(FragmentRenderer renderer, ILogger<MessageFragments> logger)
{
    private long renders;

    /// <summary>How many fragments this server has rendered: tests prove a message is rendered once per language, never per reader.</summary>
    internal long Renders => Interlocked.Read(ref renders);

    /// <summary>The fragment every stream carries: without the action buttons, which each page adds from its template.</summary>
    public Task<string> RenderAsync(ChatMessage message) => RenderCountedAsync(message with { ForStream = true });

    /// <summary>
    /// The fragment for its author's page alone (a muted or held post, an edit shown only to its author), answered to a
    /// request rather than sent by the stream: whole, with its buttons, like the copy it joins or replaces.
    /// </summary>
    public Task<string> RenderForAuthorAsync(ChatMessage message) => RenderCountedAsync(message);

    private async Task<string> RenderCountedAsync(ChatMessage message)
    {
        Interlocked.Increment(ref renders);
        try
        {
            return await renderer.RenderAsync(RoomViews.Message, message);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // One broken fragment must not break the stream: readers get a placeholder with the same id.
            // The log names the room only, never the text; a new message has no number yet while it is rendered.
            logger.LogError(exception, "Could not render a message in room {Room}", message.Room);
            return await renderer.RenderAsync(RoomViews.Unrenderable, message);
        }
    }
}
