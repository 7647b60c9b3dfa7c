using System.Text;
using Whisper.Web.Sse;

namespace Whisper.Web.Tests.Sse;

public sealed class SseFrameTests
{
    [Fact]
    public void A_multi_line_fragment_becomes_one_data_field_per_line()
    {
        var frame = SseFrame.Event("message", "<li>\r\n  hi\n</li>", id: 42);

        Assert.Equal("id: 42\nevent: message\ndata: <li>\ndata:   hi\ndata: </li>\n\n", Encoding.UTF8.GetString(frame.Bytes));
        Assert.Equal(42, frame.Sequence);
    }

    [Fact]
    public void Frames_without_an_id_carry_no_sequence()
    {
        var frame = SseFrame.Event("presence", "3 online");

        Assert.Null(frame.Sequence);
        Assert.Equal("event: presence\ndata: 3 online\n\n", Encoding.UTF8.GetString(frame.Bytes));
    }

    [Fact]
    public void Heartbeats_are_comments_that_browsers_ignore()
    {
        Assert.StartsWith(":", Encoding.UTF8.GetString(SseFrame.Heartbeat.Bytes), StringComparison.Ordinal);
        Assert.Equal("retry: 2000\n\n", Encoding.UTF8.GetString(SseFrame.Retry(TimeSpan.FromSeconds(2)).Bytes));
    }
}
