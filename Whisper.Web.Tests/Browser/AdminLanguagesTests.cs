using Microsoft.Playwright;
using Whisper.Web.Moderation;

namespace Whisper.Web.Tests.Browser;

/// <summary>The admin home and the reports queue in Arabic (mirrored) and Japanese: laid out, in reach, and clean for axe.</summary>
[Collection(BrowserTests.Name)]
public sealed class AdminLanguagesTests(BrowserFixture browsers)
{
    [Theory]
    [InlineData("ar-EG", "rtl", "dark", 390, 844)]
    [InlineData("ja-JP", "ltr", "light", 1366, 900)]
    [InlineData("ar-EG", "rtl", "light", 1366, 900)]
    public async Task A_moderator_reading_arabic_or_japanese_gets_the_admin_home_and_reports_laid_out_and_clean_for_axe(
        string locale, string direction, string scheme, int width, int height)
    {
        await browsers.App.Service<Reports>().FileAsync(Reports.RoomSource, "lobby", 1, "Quiet Otter 12345", Reports.Reasons[1]);
        await using var admin = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height, locale: locale);
        await admin.LogInAsAdminInItsLanguageAsync();
        var problems = new List<string>();
        var language = locale[..2];

        foreach (var (path, name) in new[] { ("/admin", "home"), ("/admin/reports", "reports") })
        {
            await admin.OpenAsync(path);
            await Assertions.Expect(admin.Page.Locator("html")).ToHaveAttributeAsync("dir", direction);
            await Assertions.Expect(admin.Page.Locator("html")).ToHaveAttributeAsync("lang", new System.Text.RegularExpressions.Regex("^" + language));
            Assert.True(await admin.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), $"{path} in {language} scrolls sideways at {width}px");
            await admin.ExpectInViewportAsync(admin.Page.Locator(".admin-nav__link[aria-current=page]"), $"the current section of {path}");
            await admin.ScreenshotAsync($"{language}-admin-{name}-{width}-{scheme}");
            problems.AddRange((await admin.AccessibilityProblemsAsync()).Select(p => $"{path}: {p}"));
        }

        // The queue's task, deciding on the newest report, is on screen without scrolling.
        await admin.ExpectInViewportAsync(admin.Page.Locator(".report").First.Locator(".form__actions .button").Last, "the newest report's Dismiss button");
        Assert.Empty(problems);
        Assert.Empty(await admin.CspViolationsAsync());
    }
}
