using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.AppShell;

public sealed partial class AppShellTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task The_manifest_describes_an_installable_app_with_its_icons()
    {
        using var visitor = app.NewVisitor();

        using var response = await visitor.Client.GetAsync("/manifest.webmanifest");

        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType!.MediaType);
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = manifest.RootElement;
        Assert.Equal("Whisper", root.GetProperty("name").GetString());
        Assert.Equal("/chat", root.GetProperty("start_url").GetString());
        Assert.Equal("/", root.GetProperty("scope").GetString());
        Assert.Equal("standalone", root.GetProperty("display").GetString());
        var icons = root.GetProperty("icons").EnumerateArray().ToList();
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "192x192");
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "512x512" && i.GetProperty("purpose").GetString() == "maskable");
        foreach (var icon in icons)
        {
            using var image = await visitor.Client.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], (await image.Content.ReadAsByteArrayAsync())[..4]);
        }
    }

    [Fact]
    public async Task The_service_worker_precaches_the_shell_by_fingerprint_and_never_live_data()
    {
        using var visitor = app.NewVisitor();

        using var response = await visitor.Client.GetAsync("/sw.js");
        var script = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Matches("const VERSION = '[0-9a-f]{16}';", script);
        var shell = JsonSerializer.Deserialize<string[]>(Shell().Match(script).Groups[1].Value)!;
        Assert.Contains("/offline", shell);
        Assert.Matches("^/css/site\\.[a-z0-9]{10}\\.css$", Assert.Single(shell, s => s.StartsWith("/css/site.", StringComparison.Ordinal)));
        Assert.DoesNotContain(shell, s => s.StartsWith("/chat", StringComparison.Ordinal));
        foreach (var file in shell)
        {
            Assert.Equal(HttpStatusCode.OK, (await visitor.Client.GetAsync(file)).StatusCode);
        }

        var (_, offline) = await visitor.GetAsync("/offline");
        Assert.Equal("You are offline", offline.QuerySelector("h1")!.TextContent);
    }

    [GeneratedRegex("const SHELL = (\\[.*?\\]);")]
    private static partial Regex Shell();
}
