using Microsoft.Playwright;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Browser;

/// <summary>The bell's choices: message text or not, every message or mentions only, on a phone and a desk.</summary>
[Collection(BrowserTests.Name)]
public sealed class NotificationChoiceTests(BrowserFixture browsers)
{
    [Fact]
    public async Task The_bell_offers_mentions_only_beside_message_text_and_its_panel_fits_the_screen()
    {
        await using var app = new WhisperApp();
        var server = app.StartOnLoopback();
        await using var phone = await browsers.NewPersonAsync(colorScheme: "dark", width: 390, height: 844, server: server);
        await using var desk = await browsers.NewPersonAsync(width: 1366, height: 900, server: server);
        foreach (var (person, name) in new[] { (phone, "bell-phone-dark"), (desk, "bell-desktop-light") })
        {
            await person.OpenAsync("/chat/lobby");
            await person.JoinAsync();
            await person.WaitForLiveAsync();

            await person.Page.Locator(".bell__toggle").ClickAsync();

            var mentions = person.Page.GetByRole(AriaRole.Checkbox, new() { Name = "Only mentions of me, and replies and reactions to my messages" });
            await Assertions.Expect(mentions).ToBeVisibleAsync();
            await Assertions.Expect(person.Page.GetByRole(AriaRole.Checkbox, new() { Name = "Show who wrote and the start of the message" })).ToBeVisibleAsync();
            await mentions.CheckAsync();
            await person.ExpectInViewportAsync(person.Page.Locator(".bell__panel"), "the bell's panel");
            // It hangs just under the bell, and the page did not scroll to show it (on a wide screen it once opened below the room).
            var panel = (await person.Page.Locator(".bell__panel").BoundingBoxAsync())!;
            var bell = (await person.Page.Locator(".bell__toggle").BoundingBoxAsync())!;
            Assert.InRange(panel.Y - (bell.Y + bell.Height), 0, 24);
            Assert.Equal(0, await person.Page.EvaluateAsync<double>("() => window.scrollY"));
            await person.ExpectInViewportAsync(person.Page.Locator(".bell__on"), "the bell's Turn on button");
            await person.ScreenshotAsync(name);
            var problems = await person.AccessibilityProblemsAsync();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }
}
