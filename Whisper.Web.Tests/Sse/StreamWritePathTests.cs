using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Sse;

/// <summary>Both ways a stream gets its frames written (by the dispatcher, or by the stream on waking) deliver the same.</summary>
public sealed class StreamWritePathTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task Messages_reach_every_stream_in_order_whichever_path_writes_them(string directWrite)
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:Sse:DirectWrite"] = directWrite } };
        using var poster = app.NewVisitor();
        using var reader = app.NewVisitor();
        await poster.JoinAsync("tech");
        var after = (await reader.OpenRoomAsync("tech")).LastSequence();
        await using var first = await reader.OpenStreamAsync("tech", after);
        await using var second = await poster.OpenStreamAsync("tech", after);

        foreach (var text in new[] { "one", "two", "three" })
        {
            await poster.PostMessageAsync("tech", text, htmx: true);
        }

        foreach (var stream in new[] { first, second })
        {
            var seen = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                var received = await stream.NextAsync("message");
                seen.Add((await Html.ParseAsync(received.Data)).QuerySelector(".message__body")!.TextContent.Trim());
            }

            Assert.Equal(["one", "two", "three"], seen);
        }
    }
}
