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

            // Wait until the worker controls the page, then take the server away.
            await page.ReloadAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null"));
            await server.DisposeAsync();
            await page.GotoAsync("/chat/tech");

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are offline" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("needs a connection to chat")).ToBeVisibleAsync();
            // The shell's stylesheet came from the cache too.
            Assert.NotEqual("rgba(0, 0, 0, 0)", await page.Locator(".button").First.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
        }
        finally
        {
            await server.DisposeAsync();
            WhisperApp.TryDelete(profile);
        }
    }
}
