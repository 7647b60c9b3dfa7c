using System.Text;

namespace Whisper.Web.Tests.Support;

/// <summary>An event read off a stream.</summary>
public sealed record SseEvent(string? Id, string Event, string Data);

/// <summary>Reads a text/event-stream response event by event, with a deadline on every read.</summary>
public sealed class SseReader(HttpResponseMessage response) : IAsyncDisposable
{
    private readonly StreamReader reader = new(response.Content.ReadAsStream(), Encoding.UTF8);

    public HttpResponseMessage Response => response;

    /// <summary>The next event (comments and retry lines are skipped), or a failure after the timeout.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        string? id = null;
        string? name = null;
        var data = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(deadline.Token) ?? throw new EndOfStreamException("The stream ended.");
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return new SseEvent(id, name ?? "message", string.Join('\n', data));
                }

                continue;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line[6..]);
            }
        }
    }

    /// <summary>Skips other events (presence) until one named <paramref name="eventName"/> arrives.</summary>
    public async Task<SseEvent> NextAsync(string eventName, TimeSpan? timeout = null)
    {
        for (var i = 0; i < 1000; i++)
        {
            var next = await NextAsync(timeout);
            if (next.Event == eventName)
            {
                return next;
            }
        }

        throw new InvalidOperationException($"No '{eventName}' event among the next 1000.");
    }

    /// <summary>The stranger chat's next state (waiting, matched, left) as its status panel shows it.</summary>
    public async Task<string> NextTalkStateAsync() =>
        (await Html.ParseAsync((await NextAsync("status")).Data)).QuerySelector(".talk-status")!.GetAttribute("data-state")!;

    /// <summary>Everything left on the stream, as sent (retry lines and comments too), once the server has ended it.</summary>
    public async Task<string> RestAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        await Task.CompletedTask;
    }
}
