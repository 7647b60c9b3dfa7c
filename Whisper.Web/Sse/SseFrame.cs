using System.Globalization;
using System.Text;

namespace Whisper.Web.Sse;

/// <summary>
/// One Server-Sent Events frame, encoded once and shared by every subscriber.
/// <see cref="Sequence"/> is the message's id for replay filtering, or null for frames without one.
/// </summary>
public sealed class SseFrame(byte[] bytes, long? sequence)
{
    public static readonly SseFrame Heartbeat = Comment("heartbeat");

    public byte[] Bytes { get; } = bytes;

    public long? Sequence { get; } = sequence;

    /// <summary>Set on a room entry's frame before it is dispatched; null for every other frame.</summary>
    public DeliveryTiming? Timing { get; set; }

    /// <summary>Encodes an event per the WHATWG event-stream format: every line of the data gets its own "data:" field.</summary>
    public static SseFrame Event(string eventName, string data, long? id = null)
    {
        var text = new StringBuilder(data.Length + 64);
        if (id is long value)
        {
            text.Append("id: ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("event: ").Append(eventName).Append('\n');
        foreach (var line in data.ReplaceLineEndings("\n").Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        text.Append('\n');
        return new SseFrame(Encoding.UTF8.GetBytes(text.ToString()), id);
    }

    /// <summary>A comment line: ignored by browsers, keeps proxies from closing an idle stream.</summary>
    public static SseFrame Comment(string text) => new(Encoding.UTF8.GetBytes($": {text}\n\n"), null);

    /// <summary>Tells the browser how long to wait before its own reconnect.</summary>
    public static SseFrame Retry(TimeSpan delay) =>
        new(Encoding.UTF8.GetBytes($"retry: {(long)delay.TotalMilliseconds}\n\n"), null);
}
