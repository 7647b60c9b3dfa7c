using System.Text.Json;
using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

/// <summary>A person in a browser tab, driven by what they would do: open, join, send, expect.</summary>
public sealed class ChatPage : IAsyncDisposable
{
    private static readonly float Timeout = 10_000;
    private readonly List<string> consoleErrors = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> network = new();

    public ChatPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        page.Request += (_, request) => Note($"-> {request.Method} {request.Url}");
        page.Response += (_, response) => Note($"<- {response.Status} {response.Request.Method} {response.Url}");
        page.RequestFailed += (_, request) => Note($"xx {request.Method} {request.Url}: {request.Failure}");
        page.SetDefaultTimeout(Timeout);
    }

    /// <summary>What the tab sent and got, with times: read when a test fails to tell a lost request from a slow one.</summary>
    public IEnumerable<string> Network => network;

    private void Note(string line) => network.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleErrors => consoleErrors;

    public ILocator Messages => Page.GetByRole(AriaRole.Log, new() { Name = "Messages" });

    /// <summary>
    /// Opens a page and waits for its load event. Given longer than other steps: on a busy two-core runner a page's last
    /// subresources have taken over 10 s; a page that never loads still fails, with what the tab was waiting for.
    /// </summary>
    public async Task OpenAsync(string path = "/chat")
    {
        try
        {
            await Page.GotoAsync(path, new() { Timeout = 30_000 });
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{path} did not load. The tab's network, last 40:\n{string.Join("\n", Network.TakeLast(40))}", exception);
        }
    }

    /// <summary>Waits until the live stream is open, so nothing sent afterwards can be missed by the test.</summary>
    public async Task WaitForLiveAsync()
    {
        try
        {
            await Page.Locator(".room[data-stream=open]").WaitForAsync();
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"The live stream did not open. Console errors: {string.Join(" | ", consoleErrors)}", exception);
        }
    }

    public async Task<string> JoinAsync()
    {
        await Page.GetByLabel("I am 13 or older").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        var me = Page.Locator(".me[data-me]");
        await me.WaitForAsync();
        return (await me.GetAttributeAsync("data-me"))!;
    }

    /// <summary>Logs in on the admin login page, as the operator does.</summary>
    public async Task LogInAsAdminAsync()
    {
        await Page.GotoAsync("/admin/login");
        await Page.GetByLabel("Account name").FillAsync(Whisper.Web.Moderation.Accounts.FirstAdmin);
        await Page.GetByLabel("Password").FillAsync(Support.WhisperApp.AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Page.WaitForURLAsync("**/admin");
    }

    /// <summary>Logs in on the admin login page in whatever language it is in: its fields found by name, as the labels may not be English.</summary>
    public async Task LogInAsAdminInItsLanguageAsync()
    {
        await Page.GotoAsync("/admin/login");
        await Page.Locator("input[name=account]").FillAsync(Whisper.Web.Moderation.Accounts.FirstAdmin);
        await Page.Locator("input[name=password]").FillAsync(Support.WhisperApp.AdminPassword);
        await Page.Locator("form[action='/admin/login'] button[type=submit]").ClickAsync();
        await Page.WaitForURLAsync("**/admin");
    }

    /// <summary>The message whose body is exactly <paramref name="text"/>.</summary>
    public ILocator MessageWith(string text) =>
        Messages.Locator("article.message").Filter(new() { Has = Page.Locator(".message__body", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(text)}$") }) });

    public ILocator Composer => Page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });

    public ILocator ComposerError => Page.Locator("#composer-error");

    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
    }

    /// <summary>Presses Send (or Send again) on what the composer holds and returns once the server has answered the post.</summary>
    public async Task<IResponse> SendAgainAsync() => await Page.RunAndWaitForResponseAsync(
        () => Page.Locator("#composer .composer__send").ClickAsync(),
        response => response.Request.Method == "POST" && response.Url.EndsWith("/messages", StringComparison.Ordinal));

    /// <summary>How many times the live stream has opened on this page so far.</summary>
    public async Task<int> StreamOpensAsync() => await Page.EvaluateAsync<int>("() => window.__streamOpens || 0");

    /// <summary>Waits until the live stream has opened <paramref name="count"/> times (it came back after a drop).</summary>
    public async Task WaitForStreamOpensAsync(int count) =>
        await Page.WaitForFunctionAsync("n => (window.__streamOpens || 0) >= n", count, new() { Timeout = 30_000 });

    public async Task ExpectMessageAsync(string text) =>
        await Assertions.Expect(Messages.Locator(".message__body", new() { HasTextString = text })).ToBeVisibleAsync(new() { Timeout = Timeout });

    /// <summary>
    /// What a mobile browser does to a background tab: its streams are closed, with no error event. With
    /// <paramref name="resumeAfter"/>, the page holds that older message id when it comes back.
    /// </summary>
    public async Task LoseStreamAsync(string? resumeAfter = null)
    {
        var closed = await Page.EvaluateAsync<int>(
            """
            after => {
              const room = document.querySelector('.room');
              if (after) room.setAttribute('sse-connect', room.getAttribute('sse-connect').replace(/after=\d+/, 'after=' + after));
              const open = window.__streams.filter((stream) => stream.readyState !== EventSource.CLOSED);
              open.forEach((stream) => stream.close());
              return open.length;
            }
            """,
            resumeAfter);
        Assert.True(closed > 0, "the page had no open stream to lose");
    }

    /// <summary>The tab is visible again.</summary>
    public async Task ComeBackAsync() => await Page.EvaluateAsync("() => document.dispatchEvent(new Event('visibilitychange'))");

    /// <summary>Opens the stranger chat and starts looking for someone: mode "Text", "Voice" or "Video".</summary>
    public async Task StartTalkAsync(string mode, string interests)
    {
        await OpenAsync("/talk");
        await Page.GetByLabel(mode, new() { Exact = true }).CheckAsync();
        await Page.Locator("input[name=interests]").FillAsync(interests);
        await Page.GetByLabel("I am 18 or older").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
    }

    public async Task ExpectTalkStateAsync(string state) =>
        await Assertions.Expect(Page.Locator(".talk-status")).ToHaveAttributeAsync("data-state", state);

    public ILocator TalkComposer => Page.GetByLabel("Message to the stranger");

    /// <summary>Asserts that the element is on screen as the page stands, nothing of it scrolled or cut off.</summary>
    public async Task ExpectInViewportAsync(ILocator element, string what)
    {
        await Assertions.Expect(element).ToBeVisibleAsync();
        var box = await element.BoundingBoxAsync() ?? throw new InvalidOperationException($"{what} has no box");
        var viewport = Page.ViewportSize!;
        // Half a pixel of rounding either way.
        Assert.True(
            box.X >= -0.5 && box.Y >= -0.5 && box.X + box.Width <= viewport.Width + 0.5 && box.Y + box.Height <= viewport.Height + 0.5,
            $"{what} is at {box.X},{box.Y} size {box.Width}x{box.Height}, outside the {viewport.Width}x{viewport.Height} viewport");
    }

    /// <summary>Asserts that the page itself does not scroll: everything it shows fits the viewport.</summary>
    public async Task ExpectFitsWithoutScrollingAsync()
    {
        var heights = await Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollHeight, innerHeight]");
        var (scrollHeight, viewportHeight) = (heights[0], heights[1]);
        Assert.True(scrollHeight <= viewportHeight, $"the page is {scrollHeight}px tall in a {viewportHeight}px viewport");
    }

    public async Task<IReadOnlyList<string>> CspViolationsAsync() =>
        await Page.EvaluateAsync<string[]>("() => window.__cspViolations || []");

    /// <summary>axe-core's serious and critical findings on the current page, as readable lines.</summary>
    public async Task<IReadOnlyList<string>> AccessibilityProblemsAsync()
    {
        var found = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        return found.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>Adds up layout shifts from the next page load on (a page moving under the reader's eyes), as Lighthouse counts them.</summary>
    public async Task CountLayoutShiftsAsync() => await Context.AddInitScriptAsync("""
        window.__layoutShift = 0;
        window.__shifts = [];
        new PerformanceObserver((list) => list.getEntries().forEach((e) => { if (!e.hadRecentInput) { window.__layoutShift += e.value; window.__shifts.push(e.sources.map((s) => (s.node?.className || s.node?.nodeName) + ' ' + JSON.stringify(s.previousRect) + ' ' + JSON.stringify(s.currentRect))); } }))
          .observe({ type: 'layout-shift', buffered: true });
        """);

    public async Task ResetLayoutShiftsAsync() => await Page.EvaluateAsync("() => { window.__layoutShift = 0; window.__shifts = []; }");

    public async Task<double> LayoutShiftAsync() => await Page.EvaluateAsync<double>("() => window.__layoutShift");

    /// <summary>The tab goes to the background (<paramref name="hidden"/>) or comes back, as far as the page can tell.</summary>
    public async Task SetHiddenAsync(bool hidden) => await Page.EvaluateAsync("""
        hidden => {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => hidden ? 'hidden' : 'visible' });
          document.dispatchEvent(new Event('visibilitychange'));
        }
        """, hidden);

    /// <summary>A screenshot for people to look at, written only when WHISPER_SCREENSHOTS names a folder.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var folder = Environment.GetEnvironmentVariable("WHISPER_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            // The caret as it is: hiding it makes Playwright touch the page, and a later htmx swap then reports a CSP violation.
            await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), Caret = ScreenshotCaret.Initial });
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
