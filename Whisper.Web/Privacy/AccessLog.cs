using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;
using Whisper.Web.Storage;

namespace Whisper.Web.Privacy;

/// <summary>
/// The opt-in access log: ASP.NET Core's W3C logger, limited to time, method, path (never the query), status,
/// user agent and address, one file per day under <c>DataPath/logs</c>, each deleted after the retention days.
/// </summary>
public static class AccessLog
{
    public const string FilePrefix = "access-";

    public static WebApplicationBuilder AddAccessLog(this WebApplicationBuilder builder)
    {
        builder.AddSettings<AccessLogOptions>(AccessLogOptions.Section);
        builder.Services.AddW3CLogging(_ => { });
        builder.Services.AddOptions<W3CLoggerOptions>().Configure<Database>((o, database) =>
        {
            o.LoggingFields = W3CLoggingFields.Date | W3CLoggingFields.Time | W3CLoggingFields.Method | W3CLoggingFields.UriStem
                | W3CLoggingFields.ProtocolStatus | W3CLoggingFields.UserAgent | W3CLoggingFields.ClientIpAddress;
            o.LogDirectory = LogDirectory(database);
            o.FileName = FilePrefix;
            // One file per day: the W3C logger rolls at midnight (and at restarts), not by size. It counts files,
            // not days, so its own cap is set out of the way and the sweeper below deletes by age.
            o.FileSizeLimit = null;
            o.RetainedFileCountLimit = 10_000;
        });
        builder.Services.AddHostedService<AccessLogSweeper>();
        return builder;
    }

    public static WebApplication UseAccessLog(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AccessLogOptions>>().Value.Enabled)
        {
            app.UseW3CLogging();
        }

        return app;
    }

    public static string LogDirectory(Database database) => Path.Combine(database.DataPath, "logs");

    /// <summary>Deletes access-log files older than the retention days; returns how many went.</summary>
    public static int DeleteExpired(string directory, int retentionDays, DateTimeOffset now)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(directory, FilePrefix + "*"))
        {
            if (now - File.GetLastWriteTimeUtc(file) > TimeSpan.FromDays(retentionDays))
            {
                File.Delete(file);
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Checks hourly (and at start), whether or not logging is on now: files from an earlier run expire too.</summary>
    private sealed class AccessLogSweeper(Database database, IOptions<AccessLogOptions> options, TimeProvider time, ILogger<AccessLogSweeper> logger)
        : PeriodicWork(TimeSpan.FromHours(1), time, logger)
    {
        protected override bool RunsAtStart => true;

        protected override Task RunOnceAsync(CancellationToken stoppingToken)
        {
            DeleteExpired(LogDirectory(database), options.Value.RetentionDays, Clock.GetUtcNow());
            return Task.CompletedTask;
        }
    }
}
