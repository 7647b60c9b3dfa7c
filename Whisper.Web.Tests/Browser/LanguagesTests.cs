using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class LanguagesTests(BrowserFixture browsers)
{
    public static TheoryData<string, int, int> Looks => new()
    {
        { "dark", 390, 844 },
        { "light", 390, 844 },
        { "dark", 1366, 900 },
        { "light", 1366, 900 },
    };

    [Fact]
    public async Task Choosing_Spanish_at_the_foot_of_a_page_works_without_script_and_stays_chosen()
    {
        await using var person = await browsers.NewPersonAsync(javaScript: false, locale: "en-GB");
        await person.OpenAsync("/about");

        await person.Page.GetByLabel("Language").SelectOptionAsync("es");
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();

        await Assertions.Expect(person.Page).ToHaveURLAsync(new Uri(browsers.BaseAddress, "/about").ToString());
        await Assertions.Expect(person.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Acerca de Whisper");
        await Assertions.Expect(person.Page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await person.OpenAsync("/");
        await Assertions.Expect(person.Page.GetByRole(AriaRole.Link, new() { Name = "Abrir la sala principal" })).ToBeVisibleAsync();
        await Assertions.Expect(person.Page.GetByLabel("Idioma")).ToHaveValueAsync("es");
        await person.ScreenshotAsync("es-home-without-script");
        await person.OpenAsync("/me");
        await Assertions.Expect(person.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Lo que Whisper guarda sobre ti");
        await person.ScreenshotAsync("es-me-without-script");
    }

    [Theory]
    [MemberData(nameof(Looks))]
    public async Task An_arabic_reader_gets_a_mirrored_page_that_passes_axe(string scheme, int width, int height)
    {
        await using var person = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height, locale: "ar-EG");
        var problems = new List<string>();

        foreach (var (path, name) in new[] { ("/", "home"), ("/about", "about"), ("/faq", "faq"), ("/no-such-page", "not-found") })
        {
            await person.OpenAsync(path);
            await Assertions.Expect(person.Page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
            await person.ScreenshotAsync($"ar-{name}-{width}-{scheme}");
            problems.AddRange((await person.AccessibilityProblemsAsync()).Select(p => $"{path}: {p}"));
        }

        // The landing page's main task, starting to chat, is on screen without scrolling; the brand sits on the right.
        await person.OpenAsync("/");
        await person.ExpectInViewportAsync(person.Page.GetByRole(AriaRole.Link, new() { Name = "Open the lobby" }), "the lobby button");
        var brand = await person.Page.Locator(".site-header__brand").BoundingBoxAsync();
        Assert.True(brand!.X > width / 2, $"the brand is at x={brand.X}, not on the right of a right-to-left page");
        await person.Page.Locator(".language-picker").ScrollIntoViewIfNeededAsync();
        await person.ScreenshotAsync($"ar-footer-{width}-{scheme}");

        Assert.Empty(problems);
        Assert.Empty(await person.CspViolationsAsync());
    }
}
