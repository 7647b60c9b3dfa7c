using System.IO.Pipelines;
using System.Text;
using Whisper.Web.Sse;

namespace Whisper.Web.Tests.Sse;

/// <summary>A subscriber attached to a response writes what it is handed there and then, in order, and lets go cleanly.</summary>
public sealed class DirectWriteTests
{
    private static SseFrame Frame(long id) => SseFrame.Event("message", $"m{id}", id);

    /// <summary>
    /// A subscriber attached to a pipe standing for the response. A slow reader's pipe is tiny: a flush then waits until
    /// the reader has read, as a client that reads slowly makes it.
    /// </summary>
    private static (Pipe Pipe, Subscriber Subscriber) Attached(bool slowReader = false, int capacity = 8)
    {
        var pipe = slowReader ? new Pipe(new PipeOptions(pauseWriterThreshold: 16, resumeWriterThreshold: 8, useSynchronizationContext: false)) : new Pipe();
        var subscriber = new Subscriber(capacity, deliveredUpTo: 0);
        subscriber.Attach(pipe.Writer);
        return (pipe, subscriber);
    }

    private static async Task<string> ReadAvailableAsync(PipeReader reader)
    {
        var result = await reader.ReadAsync();
        var text = Encoding.UTF8.GetString(result.Buffer);
        reader.AdvanceTo(result.Buffer.End);
        return text;
    }

    [Fact]
    public async Task Frames_queued_before_attaching_go_out_first_and_later_ones_are_written_by_the_deliverer()
    {
        var pipe = new Pipe();
        var subscriber = new Subscriber(capacity: 8, deliveredUpTo: 0);
        Assert.True(subscriber.TryDeliver(Frame(1)));

        subscriber.Attach(pipe.Writer);
        Assert.Equal("id: 1\nevent: message\ndata: m1\n\n", await ReadAvailableAsync(pipe.Reader));

        // Written and flushed by this call itself: the bytes are readable before anyone else runs.
        Assert.True(subscriber.TryDeliver(Frame(2)));
        Assert.True(pipe.Reader.TryRead(out var written));
        Assert.Equal("id: 2\nevent: message\ndata: m2\n\n", Encoding.UTF8.GetString(written.Buffer));
        pipe.Reader.AdvanceTo(written.Buffer.End);

        subscriber.Complete();
        await subscriber.Finished;
        await subscriber.DetachAsync();
        Assert.Null(subscriber.Failure);
    }

    [Fact]
    public async Task A_batch_queued_together_goes_out_in_one_write_in_order()
    {
        var (pipe, subscriber) = Attached();

        foreach (var id in new long[] { 3, 4, 5 })
        {
            Assert.True(subscriber.TryQueue(Frame(id)));
        }

        Assert.False(pipe.Reader.TryRead(out _));
        subscriber.WriteQueued();

        Assert.Equal("id: 3\nevent: message\ndata: m3\n\nid: 4\nevent: message\ndata: m4\n\nid: 5\nevent: message\ndata: m5\n\n", await ReadAvailableAsync(pipe.Reader));
    }

    [Fact]
    public async Task A_slow_reader_gets_what_arrived_meanwhile_in_its_next_write()
    {
        var (pipe, subscriber) = Attached(slowReader: true);

        subscriber.TryDeliver(Frame(1));
        // The first flush is waiting: these queue instead of being written.
        subscriber.TryDeliver(Frame(2));
        subscriber.TryDeliver(Frame(3));
        subscriber.Complete();
        Assert.False(subscriber.Finished.IsCompleted);

        const string All = "id: 1\nevent: message\ndata: m1\n\nid: 2\nevent: message\ndata: m2\n\nid: 3\nevent: message\ndata: m3\n\n";
        var text = new StringBuilder();
        for (var reads = 0; reads < 10 && text.Length < All.Length; reads++)
        {
            text.Append(await ReadAvailableAsync(pipe.Reader));
        }

        Assert.Equal(All, text.ToString());
        await subscriber.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        await subscriber.DetachAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Detaching_waits_for_a_write_in_progress_and_stops_the_writes_after_it()
    {
        var (pipe, subscriber) = Attached(slowReader: true);
        subscriber.TryDeliver(Frame(1));
        subscriber.TryDeliver(Frame(2));

        var detached = subscriber.DetachAsync();
        Assert.False(detached.IsCompleted);
        Assert.Equal("id: 1\nevent: message\ndata: m1\n\n", await ReadAvailableAsync(pipe.Reader));
        await detached.WaitAsync(TimeSpan.FromSeconds(10));

        // The writer is the stream's again: the frame still queued is not written by anyone else.
        Assert.False(pipe.Reader.TryRead(out _));
        subscriber.DropUnwritten();
        Assert.True(subscriber.Finished.IsCompleted);
    }

    [Fact]
    public async Task A_reader_too_slow_for_its_queue_is_cut_off_and_its_stream_still_ends()
    {
        var (pipe, subscriber) = Attached(slowReader: true, capacity: 2);

        // The first is being written (its flush waits for the reader); two more fill the queue; the fourth finds it full.
        Assert.True(subscriber.TryDeliver(Frame(1)));
        Assert.True(subscriber.TryDeliver(Frame(2)));
        Assert.True(subscriber.TryDeliver(Frame(3)));
        Assert.False(subscriber.TryDeliver(Frame(4)));
        Assert.True(subscriber.IsEvicted);

        // What was queued before the cut still goes out once the reader reads; then the queue is finished.
        var text = new StringBuilder();
        for (var reads = 0; reads < 10 && !text.ToString().Contains("m3", StringComparison.Ordinal); reads++)
        {
            text.Append(await ReadAvailableAsync(pipe.Reader));
        }

        await subscriber.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        await subscriber.DetachAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("id: 1\nevent: message\ndata: m1\n\nid: 2\nevent: message\ndata: m2\n\nid: 3\nevent: message\ndata: m3\n\n", text.ToString());
    }

    [Fact]
    public async Task After_detaching_nothing_more_is_written()
    {
        var (pipe, subscriber) = Attached();
        await subscriber.DetachAsync();

        Assert.True(subscriber.TryDeliver(Frame(1)));

        Assert.False(pipe.Reader.TryRead(out _));
        subscriber.DropUnwritten();
        Assert.True(subscriber.Finished.IsCompleted);
    }

    [Fact]
    public async Task A_client_that_has_gone_ends_the_stream_and_drops_what_was_left()
    {
        var (pipe, subscriber) = Attached();
        await pipe.Reader.CompleteAsync();

        subscriber.TryDeliver(Frame(1));

        Assert.True(subscriber.ClientLeft);
        await subscriber.Finished;
        await subscriber.DetachAsync();
        Assert.Null(subscriber.Failure);
    }
}
