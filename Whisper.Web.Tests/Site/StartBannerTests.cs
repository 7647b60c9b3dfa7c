using System.Diagnostics;
using System.Text;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Site;

/// <summary>A real start, as an operator runs it: the console ends up with one block that says what to do first.</summary>
public sealed class StartBannerTests
{
    [Fact]
    public async Task A_real_start_prints_one_block_with_the_address_the_data_folder_and_the_setup_link()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
        var web = Path.Combine(Repository.Root, "Whisper.Web");
        // The app built next to these tests, in the same configuration, started from its project folder like dotnet run.
        var dll = Path.Combine(web, "bin", new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0", "Whisper.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Whisper__DataPath"] = dataPath,
                ["Whisper__Database__Provider"] = "Sqlite",
                ["Whisper__Redis__Configuration"] = "",
            },
        };
        var output = new StringBuilder();
        using var app = Process.Start(start)!;
        app.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        app.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            string Console() { lock (output) { return output.ToString(); } }
            // Complete when the closing rule follows the checklist.
            bool Complete() => Console().IndexOf("Before inviting people:", StringComparison.Ordinal) is >= 0 and var at && Console().IndexOf(new string('─', 72), at, StringComparison.Ordinal) > at;
            var started = await Eventually.HoldsAsync(() => app.HasExited || Complete(), attempts: 600);
            Assert.True(started && !app.HasExited, "no start block within a minute:\n" + Console());

            var block = Console();
            Assert.Contains("Whisper is running (Production).", block, StringComparison.Ordinal);
            Assert.Matches(@"Open:\s+http://127\.0\.0\.1:\d+", block);
            Assert.Contains(Path.GetFullPath(dataPath), block, StringComparison.Ordinal);
            Assert.Contains("protect it like a password", block, StringComparison.Ordinal);
            Assert.Matches(@"/admin/setup\?token=[A-Za-z0-9_\-]+ to choose the admin password", block);
            Assert.Contains("[ ] Contact", block, StringComparison.Ordinal);
            Assert.Contains("[ ] TURN relay", block, StringComparison.Ordinal);
            Assert.Contains("[ ] HTTPS", block, StringComparison.Ordinal);
            Assert.DoesNotContain("No XML encryptor configured", block, StringComparison.Ordinal);
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            WhisperApp.TryDelete(dataPath);
        }
    }

    [Fact]
    public void Dotnet_run_starts_in_production_unless_a_developer_asks_for_development()
    {
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "Whisper.Web", "Properties", "launchSettings.json")));
        var profiles = settings.RootElement.GetProperty("profiles").EnumerateObject().ToList();

        // dotnet run takes the first profile.
        Assert.Equal("Production", profiles[0].Value.GetProperty("environmentVariables").GetProperty("ASPNETCORE_ENVIRONMENT").GetString());
        Assert.Contains(profiles, p => p.Name == "Development");
    }
}
