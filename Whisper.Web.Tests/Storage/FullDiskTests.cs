using System.Diagnostics;
using System.Net;
using Whisper.Web.Files;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Storage;

/// <summary>
/// A disk that fills up or turns read-only: the person is told the server's storage is the problem (507), the
/// operator's log and /healthz say which folder, and a start on such a folder ends with one line and exit code 1.
/// Needs root to mount a small tmpfs (CI runs as root); skipped otherwise.
/// </summary>
public sealed class FullDiskTests
{
    [RootFact]
    public async Task An_upload_that_fills_the_disk_gets_507_with_a_sentence_and_the_log_names_the_folder()
    {
        using var disk = SmallDisk.Mount(megabytes: 2);
        await using var app = new WhisperApp { Settings = { ["Whisper:Files:Path"] = disk.Path } };
        using var sharer = app.NewVisitor();
        await sharer.JoinAsync();

        using var response = await sharer.UploadAsync("lobby", [0x89, 0x50, 0x4E, 0x47, .. new byte[3 * 1024 * 1024]], "too-big-for-the-disk.png");

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Contains("storage is full", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(app.Log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(disk.Path, StringComparison.Ordinal) && l.Contains("MB free", StringComparison.Ordinal));
        Assert.Equal(0, app.Service<FileStore>().TotalBytes);
        Assert.Empty(Directory.EnumerateFiles(disk.Path));
    }

    [RootFact(SqliteOnly = true)]
    public async Task When_the_data_folder_turns_read_only_joining_gets_507_and_health_says_unhealthy()
    {
        using var disk = SmallDisk.Mount(megabytes: 16);
        await using var app = new WhisperApp { DataPath = disk.Path };
        using var early = app.NewVisitor();
        await early.JoinAsync();
        Assert.Equal(HttpStatusCode.OK, (await early.Client.GetAsync("/healthz")).StatusCode);

        // Pooled connections hold the database open for writing, and a file system cannot turn read-only under them.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        disk.MakeReadOnly();
        using var visitor = app.NewVisitor();
        using var join = await visitor.SubmitAsync(await visitor.OpenRoomAsync(), "/identity", new() { ["accept"] = "true", ["room"] = "lobby" });
        using var health = await visitor.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.InsufficientStorage, join.StatusCode);
        Assert.Contains("storage is full or cannot be written", (await Html.ParseAsync(join)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains(app.Log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(disk.Path, StringComparison.Ordinal));
    }

    [RootFact]
    public async Task Starting_on_a_read_only_data_folder_says_so_in_one_line_and_exits_with_1()
    {
        using var disk = SmallDisk.Mount(megabytes: 2);
        disk.MakeReadOnly();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Whisper.Web.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = disk.Path,
            Environment =
            {
                ["Whisper__DataPath"] = Path.Combine(disk.Path, "data"),
                ["Whisper__Database__Provider"] = "Sqlite",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);

        Assert.Equal(1, process.ExitCode);
        var said = (await errors).Trim();
        Assert.StartsWith($"Whisper cannot start: the data folder {Path.Combine(disk.Path, "data")} is read-only", said, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', said);
        Assert.DoesNotContain("Unhandled exception", await output, StringComparison.Ordinal);
    }

    /// <summary>A small tmpfs, unmounted when disposed.</summary>
    private sealed class SmallDisk : IDisposable
    {
        private SmallDisk(string path) => Path = path;

        public string Path { get; }

        public static SmallDisk Mount(int megabytes)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "whisper-tests", "disk-" + Guid.NewGuid().ToString("n"));
            Directory.CreateDirectory(path);
            Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
            return new SmallDisk(path);
        }

        public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);

        public void Dispose()
        {
            Run("umount", "-l", Path);
            WhisperApp.TryDelete(Path);
        }

        private static void Run(string command, params string[] arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
            process.WaitForExit(30_000);
            Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
        }
    }
}

/// <summary>A test that mounts file systems: runs as root (as CI does), skipped otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "Needs root to mount a small tmpfs (CI runs as root).";
        }
    }

    /// <summary>The test's database must be SQLite in the data folder (not the PostgreSQL run's).</summary>
    public bool SqliteOnly
    {
        get => false;
        init
        {
            if (value && TestDatabases.OnPostgres)
            {
                Skip = "The database is PostgreSQL's here, not in the data folder.";
            }
        }
    }
}
