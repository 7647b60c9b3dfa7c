using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>An open stream on a room: what to replay first, then the live queue. Dispose to leave.</summary>
public sealed class RoomSubscription(Room room, Subscriber subscriber, string viewerKey, IReadOnlyList<SseFrame> replay, bool missedMessages)
    : IDisposable
{
    private int disposed;

    public Room Room => room;

    /// <summary>Frames after the requested id that the ring still held, oldest first.</summary>
    public IReadOnlyList<SseFrame> Replay => replay;

    /// <summary>True when messages after the requested id are gone: the page must reload its list.</summary>
    public bool MissedMessages => missedMessages;

    public Subscriber Subscriber => subscriber;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            room.Unsubscribe(subscriber, viewerKey);
        }
    }
}
