namespace Whisper.Web.Metrics;

/// <summary>
/// How many times something happened in the last minute: sixty one-second buckets on the injected clock, so the
/// admin's "messages per minute" moves every second instead of jumping once a minute.
/// </summary>
public sealed class MinuteCount(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly long[] counts = new long[60];
    private readonly long[] seconds = new long[60];

    public void Add()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var slot = (int)(now % 60);
        lock (gate)
        {
            if (seconds[slot] != now)
            {
                seconds[slot] = now;
                counts[slot] = 0;
            }

            counts[slot]++;
        }
    }

    public long Total
    {
        get
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            long total = 0;
            lock (gate)
            {
                for (var slot = 0; slot < 60; slot++)
                {
                    if (now - seconds[slot] < 60)
                    {
                        total += counts[slot];
                    }
                }
            }

            return total;
        }
    }
}
