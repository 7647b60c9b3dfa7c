using Microsoft.Playwright;
using Whisper.Web.Moderation;

namespace Whisper.Web.Tests.Browser;

/// <summary>
/// A ban landing while someone reads the lobby, in Arabic (a phone in the dark) and Japanese (a desktop in the light):
/// the lobby's own words and the ban's sentence are in their language, its end in their zone, all on screen.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class BannedInTheirLanguageTests(BrowserFixture browsers)
{
    public static TheoryData<string, string, int, int, string, string> Looks => new()
    {
        { "ar-EG", "dark", 390, 844, "الغرفة الرئيسية", "تم حظرك: لا يمكنك الكتابة هنا حتى" },
        { "ja-JP", "light", 1366, 900, "ロビー", "利用停止中のため、" },
    };

    [Theory]
    [MemberData(nameof(Looks))]
    public async Task A_ban_arriving_live_is_told_in_the_reader_s_language_with_its_end_in_their_zone(
        string locale, string scheme, int width, int height, string lobby, string banned)
    {
        await using var person = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height, locale: locale);
        await person.OpenAsync("/chat/lobby");
        await Assertions.Expect(person.Page.Locator(".room__title")).ToHaveTextAsync(lobby);
        await person.Page.Locator(".join__consent input").CheckAsync();
        await person.Page.Locator(".join button[type=submit]").ClickAsync();
        var name = await person.Page.Locator(".me[data-me]").GetAttributeAsync("data-me");
        await person.WaitForLiveAsync();

        await browsers.App.Service<Moderator>().BanAsync(name!, TimeSpan.FromDays(1), "flooding the lobby", alsoAddress: false);

        var refusal = person.Page.Locator(".room__refusal--banned");
        await Assertions.Expect(refusal).ToContainTextAsync(banned);
        await Assertions.Expect(refusal.Locator(".ban__reason")).ToHaveTextAsync("flooding the lobby");
        // local-time.js has put the end in the reader's zone and language: the neutral "… UTC" form is gone.
        await Assertions.Expect(refusal.Locator("time")).Not.ToContainTextAsync("UTC");
        await person.ExpectInViewportAsync(refusal, "the ban's sentence");
        await person.ExpectFitsWithoutScrollingAsync();
        // The notice is taller than the composer it replaced: the list, shorter now, still ends at its newest message.
        await person.Page.WaitForFunctionAsync(
            "() => { const l = document.getElementById('messages'); return l.scrollHeight - l.scrollTop - l.clientHeight < 2; }",
            null, new() { Timeout = 5000 });

        await person.ScreenshotAsync($"banned-{locale}-{width}-{scheme}");
        Assert.Empty(await person.AccessibilityProblemsAsync());
        Assert.Empty(await person.CspViolationsAsync());
    }
}
