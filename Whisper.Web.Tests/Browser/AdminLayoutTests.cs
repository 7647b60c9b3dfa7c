using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

/// <summary>The admin pages laid out: the sections in one row, choices beside their buttons, the filter form within reach.</summary>
[Collection(BrowserTests.Name)]
public sealed class AdminLayoutTests(BrowserFixture browsers)
{
    private static readonly string[] Pages = ["/admin", "/admin/filters", "/admin/accounts", "/admin/held", "/admin/site"];

    [Theory]
    [InlineData(1366, 900, "light")]
    [InlineData(1366, 900, "dark")]
    [InlineData(390, 844, "light")]
    [InlineData(390, 844, "dark")]
    public async Task Each_admin_page_keeps_its_sections_on_one_row_and_passes_axe(int width, int height, string scheme)
    {
        await using var admin = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height);
        await admin.LogInAsAdminAsync();
        var problems = new List<string>();

        foreach (var path in Pages)
        {
            await admin.OpenAsync(path);
            var tops = await admin.Page.Locator(".admin-nav__link").EvaluateAllAsync<double[]>("links => links.map(l => Math.round(l.getBoundingClientRect().top))");
            Assert.True(tops.Distinct().Count() == 1, $"{path} at {width}px: the sections sit on {tops.Distinct().Count()} rows");
            await admin.ExpectInViewportAsync(admin.Page.Locator(".admin-nav__link[aria-current=page]"), $"the current section of {path}");
            var wide = await admin.Page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(-3).map(e => e.tagName + '.' + e.className).join(' ')");
            Assert.True(await admin.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), $"{path} scrolls sideways at {width}px (past the edge: {wide})");
            await admin.ScreenshotAsync($"admin{path.Replace("/admin", "", StringComparison.Ordinal).Replace('/', '-')}-{(width < 600 ? "phone" : "desktop")}-{scheme}");
            problems.AddRange((await admin.AccessibilityProblemsAsync()).Select(p => $"{path}: {p}"));
        }

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(1366, 900)]
    public async Task The_filter_form_is_within_reach_without_scrolling_on_a_laptop(int width, int height)
    {
        await using var admin = await browsers.NewPersonAsync(width: width, height: height);
        await admin.LogInAsAdminAsync();
        await admin.OpenAsync("/admin/filters");

        await admin.ExpectInViewportAsync(admin.Page.GetByLabel("Word, phrase or regular expression"), "the pattern field");
        await admin.ExpectInViewportAsync(admin.Page.GetByRole(AriaRole.Button, new() { Name = "Add filter" }), "the Add filter button");
    }

    [Theory]
    [InlineData("/admin/filters")]
    [InlineData("/admin/accounts")]
    public async Task A_choice_wraps_beside_its_button_never_under_it_on_a_phone(string path)
    {
        await using var admin = await browsers.NewPersonAsync(width: 390, height: 844);
        await admin.LogInAsAdminAsync();
        await admin.OpenAsync(path);

        var misplaced = await admin.Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('fieldset label')].filter(label => label.offsetParent).flatMap(label => {
              const input = label.querySelector('input').getBoundingClientRect();
              const range = document.createRange();
              range.selectNodeContents(label);
              range.setStartAfter(label.querySelector('input'));
              return [...range.getClientRects()].filter(r => r.width > 0 && r.left < input.right).map(() => label.textContent.trim());
            })
            """);

        Assert.Empty(misplaced);
        Assert.NotEmpty(await admin.Page.Locator("fieldset label").AllAsync());
    }
}
