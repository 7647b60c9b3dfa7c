using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Whisper.Web.Tests.Support;

/// <summary>
/// Everything the app logs, as formatted lines, with exceptions: what an operator's console would show. Each entry is
/// kept too (its message and arguments as they were), so a test can also see it as a given console formatter writes it
/// (the JSON one writes every argument, even those its message leaves out).
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ConcurrentQueue<Func<ConsoleFormatter, string>> entries = new();

    public IReadOnlyCollection<string> Lines => lines;

    /// <summary>Every entry so far, as <paramref name="formatter"/> writes it to the console.</summary>
    public IReadOnlyList<string> WrittenBy(ConsoleFormatter formatter) => [.. entries.Select(write => write(formatter))];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines, ConcurrentQueue<Func<ConsoleFormatter, string>> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            lines.Enqueue($"{logLevel} {category}: {message}{(exception is null ? "" : " " + exception)}");
            // The state as it is now: a request's own state reads from the request, gone once it ends.
            List<KeyValuePair<string, object?>> snapshot = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? [.. pairs.Select(p => new KeyValuePair<string, object?>(p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)))]
                : [];
            entries.Enqueue(console =>
            {
                using var written = new StringWriter();
                console.Write(new LogEntry<List<KeyValuePair<string, object?>>>(logLevel, category, eventId, snapshot, exception, (_, _) => message), null, written);
                return written.ToString();
            });
        }
    }
}
