using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.AppShell;

/// <summary>The manifest and the service worker speak the page's language: named in their address, or the request's.</summary>
public sealed partial class AppShellLanguageTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task The_manifest_is_written_in_the_language_its_address_names_with_its_direction()
    {
        using var visitor = app.NewVisitor();

        var spanish = await ManifestAsync(visitor, "/manifest.webmanifest?lang=es");
        var arabic = await ManifestAsync(visitor, "/manifest.webmanifest?lang=ar");
        var english = await ManifestAsync(visitor, "/manifest.webmanifest?lang=en");

        Assert.Equal(("es", "ltr", "Salas de chat anónimas, sin cuentas y sin rastreo."), spanish);
        Assert.Equal(("ar", "rtl"), (arabic.Lang, arabic.Dir));
        Assert.Equal(("en", "ltr", "Anonymous chat rooms with no accounts and no tracking."), english);
        // The page points at the manifest in its own language.
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");
        var (_, page) = await visitor.GetAsync("/talk");
        Assert.Equal("/manifest.webmanifest?lang=ar", page.QuerySelector("link[rel=manifest]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Without_a_language_in_its_address_the_manifest_follows_the_request_and_says_it_varies()
    {
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-AR");

        using var response = await visitor.Client.GetAsync("/manifest.webmanifest");
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("es", manifest.RootElement.GetProperty("lang").GetString());
        Assert.Equal(["Cookie", "Accept-Language"], response.Headers.Vary);
        using var named = await visitor.Client.GetAsync("/manifest.webmanifest?lang=de");
        Assert.Empty(named.Headers.Vary);
    }

    [Fact]
    public async Task A_language_this_server_does_not_offer_is_refused_with_a_sentence()
    {
        using var visitor = app.NewVisitor();

        using var manifest = await visitor.Client.GetAsync("/manifest.webmanifest?lang=xx-nope");
        using var worker = await visitor.Client.GetAsync("/sw.js?lang=tlh");

        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, worker.StatusCode);
        Assert.Contains("language", await manifest.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Each_language_gets_its_own_service_worker_with_its_fallback_texts()
    {
        using var visitor = app.NewVisitor();

        var english = await visitor.Client.GetStringAsync("/sw.js?lang=en");
        var japanese = await visitor.Client.GetStringAsync("/sw.js?lang=ja");

        Assert.NotEqual(Version().Match(english).Value, Version().Match(japanese).Value);
        Assert.Equal("New message", Texts(english).GetProperty("body").GetString());
        Assert.Equal("新しいメッセージ", Texts(japanese).GetProperty("body").GetString());
        Assert.Equal("Whisper", Texts(japanese).GetProperty("title").GetString());
        // The same language twice is the same worker, so the browser installs nothing new.
        Assert.Equal(japanese, await visitor.Client.GetStringAsync("/sw.js?lang=ja"));
    }

    private static async Task<(string Lang, string Dir, string Description)> ManifestAsync(VisitorClient visitor, string path)
    {
        using var manifest = JsonDocument.Parse(await visitor.Client.GetStringAsync(path));
        var root = manifest.RootElement;
        return (root.GetProperty("lang").GetString()!, root.GetProperty("dir").GetString()!, root.GetProperty("description").GetString()!);
    }

    private static JsonElement Texts(string worker) => JsonDocument.Parse(TextsLine().Match(worker).Groups[1].Value).RootElement.Clone();

    [GeneratedRegex("const VERSION = '[0-9a-f]{16}';")]
    private static partial Regex Version();

    [GeneratedRegex("const TEXTS = (\\{.*?\\});")]
    private static partial Regex TextsLine();
}
