using System.Globalization;
using System.Text;
using Whisper.Web.Sse;

namespace Whisper.Web.Tests.Sse;

/// <summary>A frame with words: one encoding per language, none per reader, and nothing more to deliver in its first language.</summary>
public sealed class LocalizedFrameTests
{
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es");
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja");

    [Fact]
    public async Task Another_language_is_rendered_once_in_that_language_and_kept_for_every_later_reader()
    {
        var renders = 0;
        var frame = SseFrame.Localized("message", "<p>Responder</p>", 7, Spanish, reader =>
        {
            Interlocked.Increment(ref renders);
            return Task.FromResult($"<p>{CultureInfo.CurrentUICulture.Name}</p>");
        });

        var readers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => frame.BytesForAsync(Japanese))));

        Assert.Equal(1, renders);
        Assert.All(readers, bytes => Assert.Same(readers[0], bytes));
        Assert.Equal("id: 7\nevent: message\ndata: <p>ja</p>\n\n", Encoding.UTF8.GetString(readers[0]));
        Assert.True(frame.TryBytesFor(Japanese, out var ready));
        Assert.Same(readers[0], ready);
    }

    [Fact]
    public void Delivering_in_the_language_a_frame_was_rendered_in_hands_over_its_one_encoding_and_allocates_nothing()
    {
        var frame = SseFrame.Localized("message", "<p>Responder</p>", 7, Spanish, _ => throw new InvalidOperationException("no second render"));
        Assert.True(frame.TryBytesFor(Spanish, out _));

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var reader = 0; reader < 10_000; reader++)
        {
            Assert.True(frame.TryBytesFor(Spanish, out var bytes));
            Assert.Same(frame.Bytes, bytes);
        }

        // A one-language room costs per delivery what it cost before languages: the same array, no copy, no lookup object.
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    [Fact]
    public void A_frame_without_words_is_the_same_bytes_in_every_language()
    {
        var frame = SseFrame.Event("people", "<ul></ul>");

        Assert.True(frame.TryBytesFor(Japanese, out var bytes));
        Assert.Same(frame.Bytes, bytes);
    }
}
