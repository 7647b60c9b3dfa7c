using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

/// <summary>The FAQ, the privacy policy and the terms as an Arabic reader sees them on a dark phone and a Japanese one on a light desktop.</summary>
[Collection(BrowserTests.Name)]
public sealed class LongPagesInLanguagesTests(BrowserFixture browsers)
{
    public static TheoryData<string, string, int, int, string, string> Readers => new()
    {
        { "ar-EG", "dark", 390, 844, "rtl", "الأسئلة الشائعة" },
        { "ja-JP", "light", 1366, 900, "ltr", "よくある質問" },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task The_long_pages_read_in_the_readers_language_fit_the_screen_and_pass_axe(string locale, string scheme, int width, int height, string direction, string faqHeading)
    {
        await using var person = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height, locale: locale);
        var language = locale[..2];
        var problems = new List<string>();

        foreach (var (path, name) in new[] { ("/faq", "faq"), ("/privacy-policy", "privacy"), ("/tos", "terms") })
        {
            await person.OpenAsync(path);
            await Assertions.Expect(person.Page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await Assertions.Expect(person.Page.Locator("html")).ToHaveAttributeAsync("dir", direction);

            // Reading is the task: the note and the heading open the page, and nothing is wider than the screen.
            await person.ExpectInViewportAsync(person.Page.Locator(".english-prevails"), $"{path}'s note that the English text prevails");
            await person.ExpectInViewportAsync(person.Page.GetByRole(AriaRole.Heading, new() { Level = 1 }), $"{path}'s heading");
            var overflow = await person.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} in {language} is {overflow}px wider than the screen");

            await person.ScreenshotAsync($"{language}-{name}-{width}-{scheme}");
            problems.AddRange((await person.AccessibilityProblemsAsync()).Select(p => $"{path}: {p}"));
        }

        await person.OpenAsync("/faq");
        await Assertions.Expect(person.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(faqHeading);
        Assert.Empty(problems);
        Assert.Empty(await person.CspViolationsAsync());
    }
}
