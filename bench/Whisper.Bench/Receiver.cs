using System.Diagnostics;
using System.Globalization;

namespace Whisper.Bench;

/// <summary>
/// One open stream, as a browser holds it: reads frames and notes, for each benchmark message, when it arrived.
/// Messages carry "wb {number} " in their text; everything else (presence, heartbeats) is skipped.
/// </summary>
public sealed class Receiver(int messages)
{
    private readonly long[] arrivals = new long[messages];

    public int Received { get; private set; }

    public int Duplicates { get; private set; }

    /// <summary>Stopwatch timestamp of each message's arrival, 0 when it never came.</summary>
    public IReadOnlyList<long> Arrivals => arrivals;

    public async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var marker = line.StartsWith("data:", StringComparison.Ordinal) ? line.IndexOf("wb ", StringComparison.Ordinal) : -1;
                if (marker < 0)
                {
                    continue;
                }

                var end = line.IndexOf(' ', marker + 3);
                if (end > 0 && int.TryParse(line.AsSpan(marker + 3, end - marker - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    && number >= 0 && number < arrivals.Length)
                {
                    if (arrivals[number] != 0)
                    {
                        Duplicates++;
                    }
                    else
                    {
                        arrivals[number] = Stopwatch.GetTimestamp();
                        Received++;
                    }
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
            // The run is over, or the server closed the stream.
        }
    }
}
