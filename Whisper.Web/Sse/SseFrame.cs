using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Whisper.Web.Sse;

/// <summary>
/// One Server-Sent Events frame, encoded once and shared by every subscriber.
/// <see cref="Sequence"/> is the message's id for replay filtering, or null for frames without one.
/// A frame with words in it (a message's buttons, the online count) is encoded once per language its readers use:
/// <see cref="Bytes"/> in the language it was first rendered in, any other the first time a stream in it asks.
/// </summary>
public sealed class SseFrame
{
    public static readonly SseFrame Heartbeat = Comment("heartbeat");

    private readonly string? language;
    private readonly Func<CultureInfo, Task<string>>? translate;
    private readonly string eventName = "";
    private ConcurrentDictionary<string, Lazy<Task<byte[]>>>? translations;

    public SseFrame(byte[] bytes, long? sequence)
    {
        Bytes = bytes;
        Sequence = sequence;
    }

    private SseFrame(string eventName, string data, long? id, CultureInfo language, Func<CultureInfo, Task<string>> translate)
        : this(Encode(eventName, data, id), id)
    {
        this.eventName = eventName;
        this.language = FragmentLanguage.Of(language);
        this.translate = translate;
    }

    /// <summary>The frame in the language it was rendered in first (the only one, for frames without words).</summary>
    public byte[] Bytes { get; }

    public long? Sequence { get; }

    /// <summary>Set on a room entry's frame before it is dispatched; null for every other frame.</summary>
    public DeliveryTiming? Timing { get; set; }

    /// <summary>Encodes an event per the WHATWG event-stream format: every line of the data gets its own "data:" field.</summary>
    public static SseFrame Event(string eventName, string data, long? id = null) => new(Encode(eventName, data, id), id);

    /// <summary>
    /// An event whose data has words: <paramref name="data"/> was rendered in <paramref name="language"/>, and
    /// <paramref name="translate"/> renders it in another when a stream reading that one first needs it.
    /// </summary>
    public static SseFrame Localized(string eventName, string data, long? id, CultureInfo language, Func<CultureInfo, Task<string>> translate) =>
        new(eventName, data, id, language, translate);

    /// <summary>The bytes for a reader of <paramref name="reader"/>'s language, when they are ready without waiting.</summary>
    public bool TryBytesFor(CultureInfo reader, out byte[] bytes)
    {
        if (translate is null || FragmentLanguage.Of(reader) == language)
        {
            bytes = Bytes;
            return true;
        }

        if (translations?.TryGetValue(FragmentLanguage.Of(reader), out var ready) == true && ready.IsValueCreated && ready.Value.IsCompletedSuccessfully)
        {
            bytes = ready.Value.Result;
            return true;
        }

        bytes = [];
        return false;
    }

    /// <summary>The bytes in the reader's language, rendered the first time that language asks and kept for every later reader.</summary>
    public Task<byte[]> BytesForAsync(CultureInfo reader)
    {
        if (TryBytesFor(reader, out var bytes))
        {
            return Task.FromResult(bytes);
        }

        var kept = LazyInitializer.EnsureInitialized(ref translations, () => new ConcurrentDictionary<string, Lazy<Task<byte[]>>>(StringComparer.Ordinal));
        // Two streams of one language may ask at once: GetOrAdd may build two Lazy values, but only the one kept ever renders.
        return kept.GetOrAdd(FragmentLanguage.Of(reader), static (name, frame) => new(() => frame.RenderAsync(CultureInfo.GetCultureInfo(name))), this).Value;
    }

    private async Task<byte[]> RenderAsync(CultureInfo reader)
    {
        try
        {
            return Encode(eventName, await FragmentLanguage.InAsync(reader, translate!), Sequence);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Kept for every later reader: a render that fails in one language must not end each stream reading in it,
            // so they get the words of the language the frame was first rendered in.
            return Bytes;
        }
    }

    /// <summary>A comment line: ignored by browsers, keeps proxies from closing an idle stream.</summary>
    public static SseFrame Comment(string text) => new(Encoding.UTF8.GetBytes($": {text}\n\n"), null);

    /// <summary>Tells the browser how long to wait before its own reconnect.</summary>
    public static SseFrame Retry(TimeSpan delay) =>
        new(Encoding.UTF8.GetBytes($"retry: {(long)delay.TotalMilliseconds}\n\n"), null);

    private static byte[] Encode(string eventName, string data, long? id)
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
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
