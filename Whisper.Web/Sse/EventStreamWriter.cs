using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Whisper.Web.Metrics;

namespace Whisper.Web.Sse;

/// <summary>Writes a subscriber's queue to the response as an event stream until the client, the server or the sender ends it.</summary>
public static class EventStreamWriter
{
    /// <summary>Writes <paramref name="opening"/> at once, then the subscriber's queue until it completes.</summary>
    public static async Task WriteAsync(HttpContext context, StreamKind kind, Subscriber subscriber, IReadOnlyList<SseFrame> opening)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<StreamOptions>>().Value;
        var meter = context.RequestServices.GetRequiredService<WhisperMeter>();
        using var open = meter.StreamOpened(kind);
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        // The client leaving or the server stopping completes the queue, which ends the loop below. Registered
        // once here rather than passing a token to every wait: a wake-up then costs no cancellation bookkeeping.
        using var left = context.RequestAborted.Register(subscriber.Complete);
        using var stopped = stopping.Register(subscriber.Complete);

        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        // Tells nginx and similar proxies not to buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // The stream's language is its request's when it opened: frames with words come in it (rendered once per language).
        var language = CultureInfo.CurrentUICulture;
        var writer = response.BodyWriter;
        // Room entries written since the last flush: they count as delivered once it returns.
        var timed = new List<DeliveryTiming>();
        try
        {
            // Send something at once: headers go out with the first write, and the browser's open event needs them.
            writer.Write(SseFrame.Retry(TimeSpan.FromMilliseconds(options.RetryMs)).Bytes);
            foreach (var frame in opening)
            {
                writer.Write(frame.TryBytesFor(language, out var ready) ? ready : await frame.BytesForAsync(language));
            }

            var flushed = await writer.FlushAsync();

            if (options.DirectWrite)
            {
                flushed = await WrittenByDeliverersAsync(subscriber, writer, flushed);
            }

            var reader = subscriber.Reader;
            while (!options.DirectWrite && !flushed.IsCompleted && await reader.WaitToReadAsync())
            {
                // Drain what is waiting, then flush once: under load many frames share one write.
                while (reader.TryRead(out var frame))
                {
                    writer.Write(frame.TryBytesFor(language, out var ready) ? ready : await frame.BytesForAsync(language));
                    if (frame.Timing is { } timing)
                    {
                        timed.Add(timing);
                    }
                }

                flushed = await writer.FlushAsync();
                timed.ForEach(t => t.Written());
                timed.Clear();
            }

            // The node stops: what was queued has gone out above; now the browser is sent to reconnect elsewhere.
            if (stopping.IsCancellationRequested && !flushed.IsCompleted && !context.RequestAborted.IsCancellationRequested)
            {
                writer.Write(Draining.Reconnect(options).Bytes);
                await writer.FlushAsync();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The connection went away mid-write: nothing to report.
        }
        finally
        {
            // Whatever ended the stream, nobody else writes into the response once it is over.
            await subscriber.DetachAsync();
            if (subscriber.IsEvicted)
            {
                meter.CutOff(kind);
            }

            timed.ForEach(t => t.Written());
            subscriber.DropUnwritten();
        }
    }

    /// <summary>
    /// Hands the response to the subscriber, so each frame is written by whoever delivers it (no pool item per stream
    /// per message), and waits until the queue is done. Returns how the last write ended, as the loop would have.
    /// </summary>
    private static async Task<FlushResult> WrittenByDeliverersAsync(Subscriber subscriber, PipeWriter writer, FlushResult opening)
    {
        if (opening.IsCompleted)
        {
            return opening;
        }

        subscriber.Attach(writer);
        await subscriber.Finished;
        await subscriber.DetachAsync();
        if (subscriber.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return new FlushResult(isCanceled: false, isCompleted: subscriber.ClientLeft);
    }
}
