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
        await using var app = new WhisperApp(settings: new Dictionary<string, string?> { ["Whisper:AccessLog:Enabled"] = "true" });
        using var visitor = app.NewVisitor();
        using var _ = await visitor.Client.GetAsync("/faq?secret=do-not-log-me");

        var logs = Path.Combine(app.DataPath, "logs");
        var text = "";
        await Eventually.HoldsAsync(() =>
        {
            text = Directory.Exists(logs) ? string.Join("\n", Directory.GetFiles(logs, "access-*").Select(ReadShared)) : "";
            return text.Contains("/faq", StringComparison.Ordinal);
        }, attempts: 100);

        Assert.Contains("/faq", text, StringComparison.Ordinal);
        Assert.Contains("GET", text, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-log-me", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cookie", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task By_default_there_is_no_access_log()
    {
        await using var app = new WhisperApp();
        using var visitor = app.NewVisitor();
        using var _ = await visitor.Client.GetAsync("/faq");
        await Task.Delay(1500);

        Assert.False(Directory.Exists(Path.Combine(app.DataPath, "logs")) && Directory.EnumerateFiles(Path.Combine(app.DataPath, "logs")).Any());
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
