using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>Renders a message's fragment, the same for every viewer of one language; a fragment that fails becomes a placeholder with the same id.</summary>
public sealed class MessageFragments(FragmentRenderer renderer, ILogger<MessageFragments> logger)
{
    private long renders;

    /// <summary>How many fragments this server has rendered: tests prove a message is rendered once per language, never per reader.</summary>
    internal long Renders => Interlocked.Read(ref renders);

    public async Task<string> RenderAsync(ChatMessage message)
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
