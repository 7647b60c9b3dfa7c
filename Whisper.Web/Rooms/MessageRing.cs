using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// The latest messages of a room with their encoded frames, oldest dropped first. Not thread-safe:
/// the room holds its lock around every call, so numbering, keeping and subscribing agree.
/// </summary>
public sealed class MessageRing(int capacity, long startSequence)
{
    private readonly ChatMessage[] messages = new ChatMessage[capacity];
    private readonly SseFrame[] frames = new SseFrame[capacity];
    private int head;
    private int count;

    /// <summary>The last sequence issued; <c>startSequence</c> until the first message.</summary>
    public long LastSequence { get; private set; } = startSequence;

    public void Add(ChatMessage message, SseFrame frame)
    {
        var slot = (head + count) % capacity;
        messages[slot] = message;
        frames[slot] = frame;
        if (count < capacity)
        {
            count++;
        }
        else
        {
            head = (head + 1) % capacity;
        }

        LastSequence = message.Sequence;
    }

    /// <summary>The messages held, oldest first.</summary>
    public ChatMessage[] Messages()
    {
        var held = new ChatMessage[count];
        for (var i = 0; i < count; i++)
        {
            held[i] = messages[(head + i) % capacity];
        }

        return held;
    }

    /// <summary>
    /// Adds to <paramref name="replay"/> every frame after <paramref name="after"/>. False when messages after it
    /// are gone (dropped from the ring, or the id is from another life of the server): the reader must reload.
    /// </summary>
    public bool TryFramesAfter(long after, List<SseFrame> replay)
    {
        var oldestHeld = count == 0 ? LastSequence + 1 : messages[head].Sequence;
        if (after < oldestHeld - 1 || after > LastSequence)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var slot = (head + i) % capacity;
            if (messages[slot].Sequence > after)
            {
                replay.Add(frames[slot]);
            }
        }

        return true;
    }
}
