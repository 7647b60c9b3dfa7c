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
        var messages = Figure(admin, "Messages per minute");
        var before = long.Parse(await messages.TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var label in new[] { "Online now", "Messages per minute", "Open streams", "Push queue", "Stranger queue" })
        {
            await admin.ExpectInViewportAsync(Figure(admin, label), label);
        }

        await using var person = await browsers.NewPersonAsync();
        await person.OpenAsync("/chat/random");
        await person.JoinAsync();
        await person.SendAsync("counted on the dashboard");

        // Polled every 5 seconds: the count rises on the page as it stands.
        await Assertions.Expect(messages).Not.ToHaveTextAsync(before.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        Assert.True(long.Parse(await messages.TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture) > before);
        await admin.ScreenshotAsync($"admin-live-{device}-{scheme}");
        Assert.Empty(await admin.AccessibilityProblemsAsync());
        Assert.Empty(await admin.CspViolationsAsync());
        Assert.Empty(admin.ConsoleErrors);
    }

    private static ILocator Figure(ChatPage page, string label) =>
        page.Page.Locator(".live__figure").Filter(new() { Has = page.Page.GetByText(label, new() { Exact = true }) }).Locator("dd");
}
