using Whisper.Web.Privacy;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Privacy;

public sealed class AccessLogTests
{
    [Fact]
    public void Log_files_older_than_the_retention_are_deleted_and_nothing_else_is()
    {
        var folder = Directory.CreateTempSubdirectory("whisper-logs-").FullName;
        try
        {
            var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
            var old = Touch(folder, "access-20261023.0000.txt", now.AddDays(-31));
            var recent = Touch(folder, "access-20261024.0000.txt", now.AddDays(-29));
            var other = Touch(folder, "keep-me.txt", now.AddDays(-400));

            Assert.Equal(1, AccessLog.DeleteExpired(folder, retentionDays: 30, now));

            Assert.False(File.Exists(old));
            Assert.True(File.Exists(recent));
            Assert.True(File.Exists(other));
        }
        finally
        {
            WhisperApp.TryDelete(folder);
        }
    }

    [Fact]
    public async Task When_enabled_the_access_log_records_the_path_without_its_query()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:AccessLog:Enabled"] = "true" } };
        await GetAsync(app, "/faq?secret=do-not-log-me");

        Assert.True(await LogShowsAsync(app, "/faq"), "no access log line for /faq");
        var text = AccessLogOf(app);
        Assert.Contains("GET", text, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-log-me", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cookie", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task By_default_there_is_no_access_log()
    {
        await using var byDefault = new WhisperApp();
        await using var enabled = new WhisperApp { Settings = { ["Whisper:AccessLog:Enabled"] = "true" } };
        await GetAsync(byDefault, "/faq");

        // The W3C logger writes in the background, at most a flush interval after a request. An app with the log
        // on serves the same request after it; once that app has written a later request too, it has waited out a
        // whole interval since, so a log the default app kept would be on disk by now.
        await GetAsync(enabled, "/faq");
        Assert.True(await LogShowsAsync(enabled, "/faq"), "the app with the log on wrote no line for /faq");
        await GetAsync(enabled, "/tos");
        Assert.True(await LogShowsAsync(enabled, "/tos"), "the app with the log on wrote no line for /tos");

        var logs = Path.Combine(byDefault.DataPath, "logs");
        Assert.False(Directory.Exists(logs) && Directory.EnumerateFiles(logs).Any(), "the app with the default settings wrote an access log");
    }

    private static async Task GetAsync(WhisperApp app, string path)
    {
        using var visitor = app.NewVisitor();
        using var response = await visitor.Client.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<bool> LogShowsAsync(WhisperApp app, string path) =>
        Eventually.HoldsAsync(() => AccessLogOf(app).Contains(path, StringComparison.Ordinal), attempts: 100);

    /// <summary>Every access log file of the app, read while the logger may still be writing.</summary>
    private static string AccessLogOf(WhisperApp app)
    {
        var logs = Path.Combine(app.DataPath, "logs");
        return Directory.Exists(logs) ? string.Join("\n", Directory.GetFiles(logs, "access-*").Select(ReadShared)) : "";
    }

    private static string Touch(string folder, string name, DateTimeOffset written)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, written.UtcDateTime);
        return path;
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
