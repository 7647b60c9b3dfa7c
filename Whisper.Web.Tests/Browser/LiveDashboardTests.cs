using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

/// <summary>The admin watches the figures move on the home page without reloading it.</summary>
[Collection(BrowserTests.Name)]
public sealed class LiveDashboardTests(BrowserFixture browsers)
{
    [Theory]
    [InlineData(1366, 900, "light", "desktop")]
    [InlineData(1366, 900, "dark", "desktop")]
    [InlineData(390, 844, "light", "phone")]
    [InlineData(390, 844, "dark", "phone")]
    public async Task The_admin_home_shows_a_message_counted_within_seconds_without_a_reload(int width, int height, string scheme, string device)
    {
        await using var admin = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height);
        await admin.LogInAsAdminAsync();
        await admin.OpenAsync("/admin");
        foreach (var label in new[] { "Online now", "Messages per minute", "Open streams", "Push queue", "Stranger queue" })
        {
            await admin.ExpectInViewportAsync(Figure(admin, label), label);
        }

        await admin.ExpectInViewportAsync(admin.Page.Locator("#live .live__updated time"), "when the figures were taken");

        await using var person = await browsers.NewPersonAsync();
        await person.OpenAsync("/chat/random");
        await person.JoinAsync();
        await person.SendAsync("counted on the dashboard");

        // Marked once the message is posted: the figures that replace these (polled every 5 seconds, no reload) count it.
        await admin.Page.Locator("#live").EvaluateAsync("e => e.dataset.before = 'posted'");
        await Assertions.Expect(admin.Page.Locator("#live:not([data-before])")).ToBeAttachedAsync(new() { Timeout = 15_000 });
        Assert.True(long.Parse(await Figure(admin, "Messages per minute").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await admin.ScreenshotAsync($"admin-live-{device}-{scheme}");
        Assert.Empty(await admin.AccessibilityProblemsAsync());
        Assert.Empty(await admin.CspViolationsAsync());
        Assert.Empty(admin.ConsoleErrors);
    }

    private static ILocator Figure(ChatPage page, string label) =>
        page.Page.Locator(".live__figure").Filter(new() { Has = page.Page.GetByText(label, new() { Exact = true }) }).Locator("dd");
}
