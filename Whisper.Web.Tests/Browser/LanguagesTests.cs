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

        foreach (var (path, name) in new[] { ("/", "home"), ("/me", "me"), ("/about", "about"), ("/faq", "faq"), ("/no-such-page", "not-found") })
        {
            await person.OpenAsync(path);
            await Assertions.Expect(person.Page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
            await person.ScreenshotAsync($"ar-{name}-{width}-{scheme}");
            problems.AddRange((await person.AccessibilityProblemsAsync()).Select(p => $"{path}: {p}"));
            problems.AddRange((await OutsideTheViewportAsync(person)).Select(p => $"{path}: {p} reaches past the page's edge"));
        }

        // The landing page's main task, starting to chat, is on screen without scrolling; the brand sits on the right.
        await person.OpenAsync("/");
        await person.ExpectInViewportAsync(person.Page.GetByRole(AriaRole.Link, new() { Name = "افتح الغرفة الرئيسية" }), "the lobby button");
        var brand = await person.Page.Locator(".site-header__brand").BoundingBoxAsync();
        Assert.True(brand!.X > width / 2, $"the brand is at x={brand.X}, not on the right of a right-to-left page");
        await person.Page.Locator(".language-picker").ScrollIntoViewIfNeededAsync();
        await person.ScreenshotAsync($"ar-footer-{width}-{scheme}");

        Assert.Empty(problems);
        Assert.Empty(await person.CspViolationsAsync());
    }

    /// <summary>What a named visitor's own pages say in Arabic and Japanese (the FAQ in its own translation, saying the English text prevails).</summary>
    public static TheoryData<string, string, int, int> NamedLooks => new()
    {
        { "ar", "dark", 390, 844 },
        { "ja", "light", 1366, 900 },
    };

    [Theory]
    [MemberData(nameof(NamedLooks))]
    public async Task A_named_visitor_reads_home_their_data_about_and_the_faq_in_arabic_and_japanese(string culture, string scheme, int width, int height)
    {
        await using var person = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height, locale: "en-GB");
        await person.OpenAsync("/chat");
        var name = await person.JoinAsync();
        await person.OpenAsync("/me");
        await person.Page.GetByLabel("Language").SelectOptionAsync(culture);
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Assertions.Expect(person.Page.Locator("html")).ToHaveAttributeAsync("lang", culture);

        var says = Headings[culture];
        var device = width < 600 ? "phone" : "desktop";
        var problems = new List<string>();
        foreach (var (path, page) in new[] { ("/", "home"), ("/me", "me"), ("/about", "about"), ("/faq", "faq") })
        {
            await person.OpenAsync(path);
            await Assertions.Expect(person.Page.Locator("html")).ToHaveAttributeAsync("dir", culture == "ar" ? "rtl" : "ltr");
            await person.ScreenshotAsync($"{culture}-{page}-{device}-{scheme}");
            problems.AddRange((await person.AccessibilityProblemsAsync()).Select(p => $"{path}: {p}"));
            problems.AddRange((await OutsideTheViewportAsync(person)).Select(p => $"{path}: {p} reaches past the page's edge"));
        }

        // Each page's main task, in the reader's language, on screen without scrolling.
        await person.OpenAsync("/");
        await person.ExpectInViewportAsync(person.Page.GetByRole(AriaRole.Link, new() { Name = says.Lobby }), "the lobby button");
        await person.OpenAsync("/me");
        await Assertions.Expect(person.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(says.Me);
        await person.ExpectInViewportAsync(person.Page.Locator(".facts__name"), "the visitor's name");
        await Assertions.Expect(person.Page.Locator(".facts__name")).ToContainTextAsync(name);
        await person.OpenAsync("/about");
        await Assertions.Expect(person.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(says.About);
        await person.OpenAsync("/faq");
        await Assertions.Expect(person.Page.Locator(".english-prevails")).ToHaveTextAsync(says.EnglishPrevails);
        await Assertions.Expect(person.Page.Locator("article.faq")).Not.ToHaveAttributeAsync("lang", "en");

        if (culture == "ar")
        {
            // Mirrored: the brand and the data's labels start on the right.
            var brand = await person.Page.Locator(".site-header__brand").BoundingBoxAsync();
            Assert.True(brand!.X > width / 2, $"the brand is at x={brand.X}, not on the right of a right-to-left page");
            await person.OpenAsync("/me");
            var label = await person.Page.Locator(".facts dt").First.BoundingBoxAsync();
            Assert.True(label!.X + label.Width > width * 0.8, $"the first label ends at x={label.X + label.Width}, not at the right edge");
        }

        Assert.Empty(problems);
        Assert.Empty(await person.CspViolationsAsync());
    }

    [Fact]
    public async Task The_picker_goes_from_arabic_to_japanese_without_script()
    {
        await using var person = await browsers.NewPersonAsync(javaScript: false, locale: "ar-EG", width: 390, height: 844, colorScheme: "dark");
        await person.OpenAsync("/about");
        await Assertions.Expect(person.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Headings["ar"].About);

        await person.Page.GetByLabel("اللغة").SelectOptionAsync("ja");
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "تغيير" }).ClickAsync();

        await Assertions.Expect(person.Page).ToHaveURLAsync(new Uri(browsers.BaseAddress, "/about").ToString());
        await Assertions.Expect(person.Page.Locator("html")).ToHaveAttributeAsync("dir", "ltr");
        await Assertions.Expect(person.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Headings["ja"].About);
        await Assertions.Expect(person.Page.GetByLabel("言語")).ToHaveValueAsync("ja");
    }

    private sealed record Says(string Lobby, string Me, string About, string EnglishPrevails);

    private static readonly Dictionary<string, Says> Headings = new()
    {
        ["ar"] = new("افتح الغرفة الرئيسية", "ما يحتفظ به Whisper عنك", "عن Whisper", "هذه الصفحة مترجمة: إذا اختلفت عن النص الإنجليزي، فالنص الإنجليزي هو المعتمد."),
        ["ja"] = new("ロビーを開く", "Whisper が保持しているあなたの情報", "Whisper について", "このページは翻訳です。英語版と内容が異なる場合は、英語版が優先されます。"),
    };

    /// <summary>
    /// Visible elements cut by the viewport's side, outside any box that scrolls on its own: in a mirrored page such an
    /// element would be cut off. Elements wholly off screen on purpose (the skip link until focused) are not counted.
    /// </summary>
    private static async Task<IReadOnlyList<string>> OutsideTheViewportAsync(ChatPage person) =>
        await person.Page.EvaluateAsync<string[]>("""
            () => {
              const scrollsItself = e => { for (let p = e.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o !== 'visible') return true; } return false; };
              return [...document.body.querySelectorAll('*')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1 && ((r.left < -1 && r.right > 0) || (r.right > innerWidth + 1 && r.left < innerWidth)); })
                .filter(e => !scrollsItself(e) && getComputedStyle(e).visibility !== 'hidden')
                .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} at ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}`);
            }
            """);
}
