using Microsoft.Playwright;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class InstallingTests
{
    [Fact]
    public async Task Chat_is_installable_and_shows_the_offline_page_when_the_server_is_down()
    {
        // A server of its own, so this test can take it down; a persistent profile, since Chromium treats
        // every page of an incognito context as not installable.
        var server = new WhisperApp();
        var profile = Directory.CreateTempSubdirectory("whisper-profile-").FullName;
        using var playwright = await Playwright.CreateAsync();
        try
        {
            var baseAddress = server.StartOnLoopback();
            await using var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new()
            {
                ExecutablePath = BrowserFixture.Chromium,
                Headless = true,
                BaseURL = baseAddress.ToString(),
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
            });
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            await page.GotoAsync("/chat");
            Assert.True(await page.EvaluateAsync<bool>("() => navigator.serviceWorker.ready.then(r => r.active !== null && r.scope.endsWith('/'))"));

            var cdp = await context.NewCDPSessionAsync(page);
            var installability = await cdp.SendAsync("Page.getInstallabilityErrors");
            Assert.Equal(0, installability!.Value.GetProperty("installabilityErrors").GetArrayLength());

            // The browser offers to install, and the page passes that offer on with its own button.
            await page.GotoAsync("/");
            await Assertions.Expect(page.Locator(".install__now")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Assertions.Expect(page.Locator(".install__offer")).ToContainTextAsync("Install");

            // Wait until the worker controls the page, then take the server away.
            await page.ReloadAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null"));
            await server.DisposeAsync();
            await page.GotoAsync("/chat/tech");

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are offline" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("needs a connection to chat")).ToBeVisibleAsync();
            // The shell's stylesheet came from the cache too.
            Assert.NotEqual("rgba(0, 0, 0, 0)", await page.Locator(".button").First.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
            // And the logo: its image loaded from the cache, not a broken one.
            await Assertions.Expect(page.Locator(".site-header__brand img")).Not.ToHaveJSPropertyAsync("naturalWidth", 0);
        }
        finally
        {
            await server.DisposeAsync();
            WhisperApp.TryDelete(profile);
        }
    }

    [Fact]
    public async Task On_an_iPhone_the_page_says_how_to_install_and_remembers_not_now()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = BrowserFixture.Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        await using var server = new WhisperApp();
        await using var context = await browser.NewContextAsync(new()
        {
            BaseURL = server.StartOnLoopback().ToString(),
            UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            ViewportSize = new() { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        var hint = page.Locator(".install__ios");
        await Assertions.Expect(hint).ToBeVisibleAsync();
        await Assertions.Expect(hint).ToContainTextAsync("tap Share, then “Add to Home Screen”");
        await Assertions.Expect(page.Locator(".install__now")).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Not now" }).ClickAsync();
        await Assertions.Expect(page.Locator(".install")).ToBeHiddenAsync();
        await page.ReloadAsync();
        await page.Locator(".site-footer").WaitForAsync();
        await Assertions.Expect(page.Locator(".install")).ToBeHiddenAsync();
    }
}
