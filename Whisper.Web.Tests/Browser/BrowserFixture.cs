using Microsoft.Playwright;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Browser;

/// <summary>
/// One app on a real loopback port and one Debian chromium, shared by every browser test
/// (separate fixtures would run in parallel and double the time on two cores).
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private IPlaywright? playwright;

    public WhisperApp App { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string AxeSource { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe.min.js"));

    public async Task InitializeAsync()
    {
        BaseAddress = StartServer();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
                // Voice and video tests: fake camera and microphone, granted without a prompt, and loopback ICE candidates.
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
            ],
        });
    }

    /// <summary>A fresh person: their own cookies, their own tab; on the shared app unless <paramref name="server"/> names another.</summary>
    /// <remarks>With <paramref name="touch"/> the page is a phone's: touch events, and no pointer that hovers.</remarks>
    public async Task<ChatPage> NewPersonAsync(bool javaScript = true, string colorScheme = "light", int width = 1280, int height = 800, Uri? server = null, string? locale = null, bool touch = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = (server ?? BaseAddress).ToString(),
            JavaScriptEnabled = javaScript,
            ColorScheme = colorScheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            ViewportSize = new() { Width = width, Height = height },
            // The browser's language: its Accept-Language and navigator.language.
            Locale = locale,
            HasTouch = touch,
            IsMobile = touch,
        });
        // Injected through the DevTools protocol, so the page's CSP neither blocks it nor reports it.
        await context.AddInitScriptAsync(AxeSource);
        await context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));");
        // Counts live-stream openings, so a test waits for "the stream is back" rather than for a while.
        await context.AddInitScriptAsync("document.addEventListener('htmx:sseOpen', () => window.__streamOpens = (window.__streamOpens || 0) + 1, true);");
        // Keeps the browser's own streams within reach, so a test can close them as a mobile browser does.
        await context.AddInitScriptAsync("""
            window.__streams = [];
            window.EventSource = class extends window.EventSource {
              constructor(...args) {
                super(...args);
                window.__streams.push(this);
              }
            };
            """);
        var page = await context.NewPageAsync();
        return new ChatPage(context, page);
    }

    /// <summary>Two people in a room: a reader (not joined) whose stream is open, and a poster who joined.</summary>
    /// <remarks>With <paramref name="readerJoins"/> the reader has a name too; <paramref name="server"/> names another app.</remarks>
    public async Task<(ChatPage Reader, ChatPage Poster)> ReaderAndPosterAsync(string path, int readerHeight = 800, bool readerJoins = false, Uri? server = null)
    {
        var reader = await NewPersonAsync(height: readerHeight, server: server);
        var poster = await NewPersonAsync(server: server);
        await reader.OpenAsync(path);
        if (readerJoins)
        {
            await reader.JoinAsync();
        }

        await reader.WaitForLiveAsync();
        await poster.OpenAsync(path);
        await poster.JoinAsync();
        return (reader, poster);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await StopServerAsync();
    }

    /// <summary>Serves the app on loopback; returns where browsers find it.</summary>
    protected virtual Uri StartServer() => App.StartOnLoopback();

    protected virtual ValueTask StopServerAsync() => App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
