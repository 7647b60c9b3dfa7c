using Microsoft.Playwright;
using Whisper.Web.Moderation;

namespace Whisper.Web.Tests.Browser;

/// <summary>A report of a stranger who seems to be a minor, as a moderator reading Arabic or Japanese sees it in the queue.</summary>
[Collection(BrowserTests.Name)]
public sealed class StrangerReportsInLanguagesTests(BrowserFixture browsers)
{
    [Theory]
    [InlineData("ar-EG", "dark", 390, 844, "يبدو قاصرًا (دون سن 18)", "غريب 7c1e9a")]
    [InlineData("ja-JP", "light", 1366, 900, "未成年のようです（18 歳未満）", "知らない人 7c1e9a")]
    public async Task A_minor_reported_in_the_stranger_chat_reads_in_the_moderators_language_with_its_age(
        string locale, string scheme, int width, int height, string reason, string stranger)
    {
        await browsers.App.Service<Reports>().FileAsync(Reports.StrangerSource, null, null, Reports.StrangerCalled("7c1e9a"), Reports.MinorReason(18));
        await using var admin = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height, locale: locale);
        await admin.LogInAsAdminInItsLanguageAsync();

        await admin.OpenAsync("/admin/reports");

        var report = admin.Page.Locator(".report").Filter(new() { HasText = stranger }).First;
        await Assertions.Expect(report.Locator(".report__meta strong")).ToHaveTextAsync(reason);
        Assert.True(await admin.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), $"the reports queue in {locale} scrolls sideways at {width}px");
        await admin.ExpectInViewportAsync(report.Locator(".form__actions .button").Last, "the minor's report's Dismiss button");
        await admin.ScreenshotAsync($"{locale[..2]}-admin-minor-report-{width}-{scheme}");
        Assert.Empty(await admin.AccessibilityProblemsAsync());
        Assert.Empty(await admin.CspViolationsAsync());
    }
}
