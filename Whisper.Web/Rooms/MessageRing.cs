using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// The latest messages of a room with their encoded frames, oldest dropped first, plus the notices
/// (removals, pin changes) issued since the oldest of them, so a resuming page replays those too.
/// A change to a held message (a reaction, an edit, a quote emptied) is kept once per message, as its latest
/// out-of-band swap: older versions of a message, and their words, are kept nowhere and replayed to nobody, and
/// changes never shorten the history (it is sized by messages).
/// Not thread-safe: the room holds its lock around every call, so numbering, keeping and subscribing agree.
/// </summary>
public sealed class MessageRing(int capacity, long startSequence)
{
    private readonly ChatMessage?[] messages = new ChatMessage?[capacity];
    private readonly SseFrame[] frames = new SseFrame[capacity];

    /// <summary>Per slot, the latest change to its message as an out-of-band swap numbered by the change's entry.</summary>
    private readonly SseFrame?[] changes = new SseFrame?[capacity];
    private readonly Queue<SseFrame> notices = new();
    private int head;
    private int count;

    /// <summary>Every id after this one is still here (or was removed and its removal notice is here).</summary>
    private long completeAfter = startSequence;

    /// <summary>The last sequence issued; <c>startSequence</c> until the first message.</summary>
    public long LastSequence { get; private set; } = startSequence;

    /// <summary>Keeps the message; returns the one it pushed out of the ring, if any.</summary>
    public ChatMessage? Add(ChatMessage message, SseFrame frame)
    {
        var slot = (head + count) % capacity;
        ChatMessage? evicted = null;
        if (count < capacity)
        {
            count++;
        }
        else
        {
            evicted = messages[slot];
            completeAfter = Math.Max(completeAfter, frames[slot].Sequence ?? completeAfter);
            head = (head + 1) % capacity;
            ForgetNoticesUpTo(completeAfter);
        }

        messages[slot] = message;
        frames[slot] = frame;
        changes[slot] = null;
        LastSequence = message.Sequence;
        return evicted;
    }

    /// <summary>Keeps a notice numbered after every message so far; bounded like the messages.</summary>
    public void AddNotice(SseFrame notice)
    {
        notices.Enqueue(notice);
        LastSequence = notice.Sequence!.Value;
        if (notices.Count > capacity)
        {
            completeAfter = Math.Max(completeAfter, notices.Dequeue().Sequence!.Value);
        }
    }

    /// <summary>Takes a message out of the ring; its slot stays used until the ring moves past it.</summary>
    public ChatMessage? Remove(long sequence)
    {
        for (var i = 0; i < count; i++)
        {
            var slot = (head + i) % capacity;
            if (messages[slot]?.Sequence == sequence)
            {
                var removed = messages[slot];
                messages[slot] = null;
                changes[slot] = null;
                return removed;
            }
        }

        return null;
    }

    /// <summary>Counts an entry that keeps nothing of its own here (a change, kept with the messages it changed).</summary>
    public void Advance(long sequence) => LastSequence = Math.Max(LastSequence, sequence);

    /// <summary>
    /// Swaps a held message for a new version of itself (same sequence), with its new frame and, when the change
    /// came from a numbered entry, the swap that replays it to pages that already had the message (replacing the previous one).
    /// </summary>
    public bool Replace(ChatMessage message, SseFrame frame, SseFrame? change = null)
    {
        for (var i = 0; i < count; i++)
        {
            var slot = (head + i) % capacity;
            if (messages[slot]?.Sequence == message.Sequence)
            {
                messages[slot] = message;
                frames[slot] = frame;
                changes[slot] = change ?? changes[slot];
                return true;
            }
        }

        return false;
    }

    public ChatMessage? Find(long sequence)
    {
        for (var i = 0; i < count; i++)
        {
            if (messages[(head + i) % capacity] is { } message && message.Sequence == sequence)
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>The messages held, oldest first.</summary>
    public ChatMessage[] Messages()
    {
        var held = new List<ChatMessage>(count);
        for (var i = 0; i < count; i++)
        {
            if (messages[(head + i) % capacity] is { } message)
            {
                held.Add(message);
            }
        }

        return [.. held];
    }

    /// <summary>
    /// Adds to <paramref name="replay"/> every frame after <paramref name="after"/>, in order. False when some are
    /// gone (dropped from the ring, or the id is from another life of the server): the reader must reload.
    /// </summary>
    public bool TryFramesAfter(long after, List<SseFrame> replay)
    {
        if (after < completeAfter || after > LastSequence)
        {
            return false;
        }

        var reordered = false;
        for (var i = 0; i < count; i++)
        {
            var slot = (head + i) % capacity;
            if (messages[slot] is not { } message)
            {
                continue;
            }

            if (message.Sequence > after)
            {
                replay.Add(frames[slot]);
            }

            // Sent even after the message's own (current) frame, so the page's last id reaches the change's number.
            if (changes[slot] is { } change && change.Sequence > after)
            {
                replay.Add(change);
                reordered = true;
            }
        }

        var firstNotice = replay.Count;
        replay.AddRange(notices.Where(n => n.Sequence > after));
        if (reordered || (firstNotice > 0 && firstNotice < replay.Count))
        {
            replay.Sort((a, b) => a.Sequence!.Value.CompareTo(b.Sequence!.Value));
        }

        return true;
    }

    /// <summary>Marks every sequence up to <paramref name="lastLost"/> as issued but not held: resuming from before it reports a loss.</summary>
    public void SkipTo(long lastLost)
    {
        if (lastLost <= LastSequence)
        {
            return;
        }

        LastSequence = completeAfter = lastLost;
        ForgetNoticesUpTo(lastLost);
    }

    private void ForgetNoticesUpTo(long sequence)
    {
        while (notices.TryPeek(out var oldest) && oldest.Sequence <= sequence)
        {
            notices.Dequeue();
        }
    }
}
