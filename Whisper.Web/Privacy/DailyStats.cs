using System.Globalization;
using Whisper.Web.Hosting;
using Whisper.Web.Storage;

namespace Whisper.Web.Privacy;

/// <summary>One day of aggregate figures: counts only, nothing that points at a person or a message.</summary>
public sealed record DayFigures(DateOnly Day, long Messages, int PeakOnline, long StrangerConversations, long StrangerSeconds)
{
    public TimeSpan? AverageStrangerConversation =>
        StrangerConversations == 0 ? null : TimeSpan.FromSeconds((double)StrangerSeconds / StrangerConversations);
}

/// <summary>
/// Aggregate statistics by day (UTC): messages posted, peak people online, stranger conversations and their total
/// length. Counted in memory and added to SQLite every minute, so posting never waits on the disk.
/// </summary>
public sealed class DailyStats(Database database, TimeProvider time) : ISchema
{
    private long messages;
    private int peakOnline;
    private long strangerConversations;
    private long strangerSeconds;

    public string Sql => """
        CREATE TABLE IF NOT EXISTS daily_stats (
            day TEXT PRIMARY KEY,
            messages BIGINT NOT NULL DEFAULT 0,
            peak_online INTEGER NOT NULL DEFAULT 0,
            stranger_conversations BIGINT NOT NULL DEFAULT 0,
            stranger_seconds BIGINT NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        """;

    public void CountMessage() => Interlocked.Increment(ref messages);

    public void RecordOnline(int online)
    {
        var peak = Volatile.Read(ref peakOnline);
        while (online > peak && Interlocked.CompareExchange(ref peakOnline, online, peak) != peak)
        {
            peak = Volatile.Read(ref peakOnline);
        }
    }

    public void RecordStrangerConversation(TimeSpan length)
    {
        Interlocked.Increment(ref strangerConversations);
        Interlocked.Add(ref strangerSeconds, (long)length.TotalSeconds);
    }

    /// <summary>Adds what was counted since the last flush to today's row.</summary>
    public async Task FlushAsync()
    {
        var (m, peak, c, s) = (Interlocked.Exchange(ref messages, 0), Interlocked.Exchange(ref peakOnline, 0),
            Interlocked.Exchange(ref strangerConversations, 0), Interlocked.Exchange(ref strangerSeconds, 0));
        await database.ExecuteAsync(
            """
            INSERT INTO daily_stats (day, messages, peak_online, stranger_conversations, stranger_seconds) VALUES (@day, @m, @peak, @c, @s)
            ON CONFLICT(day) DO UPDATE SET messages = daily_stats.messages + @m, peak_online = CASE WHEN daily_stats.peak_online > @peak THEN daily_stats.peak_online ELSE @peak END,
                stranger_conversations = daily_stats.stranger_conversations + @c, stranger_seconds = daily_stats.stranger_seconds + @s
            """,
            ("@day", Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("@m", m), ("@peak", peak), ("@c", c), ("@s", s));
    }

    /// <summary>The last <paramref name="days"/> days, newest first, including what is not flushed yet.</summary>
    public async Task<IReadOnlyList<DayFigures>> RecentAsync(int days)
    {
        await FlushAsync();
        var since = Today().AddDays(1 - days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return await database.QueryAsync(
            "SELECT day, messages, peak_online, stranger_conversations, stranger_seconds FROM daily_stats WHERE day >= @since ORDER BY day DESC",
            reader => new DayFigures(DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.GetInt64(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4)),
            ("@since", since));
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}

/// <summary>Flushes the counters every minute and when the server stops.</summary>
internal sealed class DailyStatsFlusher(DailyStats stats, TimeProvider time, ILogger<DailyStatsFlusher> logger)
    : PeriodicWork(TimeSpan.FromMinutes(1), time, logger)
{
    protected override Task RunOnceAsync(CancellationToken stoppingToken) => stats.FlushAsync();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await stats.FlushAsync();
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or ObjectDisposedException or InvalidOperationException)
        {
            // Counts are approximate by nature; losing a minute of them must not fail the shutdown (nor a database
            // pool already closed by a host stopping twice).
            logger.LogWarning(exception, "Could not save the daily statistics");
        }
    }
}
