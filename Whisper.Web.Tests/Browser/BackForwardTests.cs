using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

/// <summary>Back to a room from another page: the browser shows the page it kept, and its stream picks up what was missed.</summary>
[Collection(BrowserTests.Name)]
public sealed class BackForwardTests(BrowserFixture browsers)
{
    [Fact]
    public async Task Back_to_a_room_shows_the_kept_page_and_what_was_said_meanwhile()
    {
        using var playwright = await Playwright.CreateAsync();
        // Playwright turns the back/forward cache off by default; a person's browser has it on.
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFixture.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic"],
            IgnoreDefaultArgs = ["--disable-back-forward-cache"],
        });
        var context = await browser.NewContextAsync(new() { BaseURL = browsers.BaseAddress.ToString() });
        await using var reader = new ChatPage(context, await context.NewPageAsync());
        await reader.Page.AddInitScriptAsync("window.addEventListener('pageshow', (e) => { window.__restored = e.persisted; });");
        await reader.OpenAsync("/chat/lobby");
        await reader.JoinAsync();
        await reader.WaitForLiveAsync();
        await using var poster = await browsers.NewPersonAsync();
        await poster.OpenAsync("/chat/lobby");
        await poster.JoinAsync();

        await reader.Page.GotoAsync("/faq");
        await poster.SendAsync("said while the reader was away");
        // A page restored from the cache fires no load event, only pageshow.
        await reader.Page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        try
        {
            await reader.Page.WaitForFunctionAsync("() => window.__restored === true");
        }
        catch (TimeoutException)
        {
            var reasons = await reader.Page.EvaluateAsync<string>("() => JSON.stringify(performance.getEntriesByType('navigation')[0].notRestoredReasons)");
            Assert.Fail($"the room was loaded again: {reasons}");
        }

        await reader.ExpectMessageAsync("said while the reader was away");
    }
}
