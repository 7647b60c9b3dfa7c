namespace Whisper.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class PagesTests(BrowserFixture browsers)
{
    public static TheoryData<string, string, int> Looks => new()
    {
        { "light", "desktop", 1280 },
        { "dark", "desktop", 1280 },
        { "light", "phone", 390 },
        { "dark", "phone", 390 },
    };

    [Theory]
    [MemberData(nameof(Looks))]
    public async Task Every_page_passes_axe_with_no_serious_violations(string scheme, string device, int width)
    {
        // A phone is a touch screen: the joined room is shown as one shows it.
        await using var person = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: device == "phone" ? 844 : 800, touch: device == "phone");
        var problems = new List<string>();

        foreach (var (path, name) in new[] { ("/", "home"), ("/faq", "faq"), ("/tos", "tos"), ("/privacy-policy", "privacy"), ("/about", "about"), ("/contact", "contact"), ("/chat/nowhere", "not-found"), ("/chat", "room-welcome") })
        {
            await person.OpenAsync(path);
            await person.ScreenshotAsync($"{name}-{device}-{scheme}");
            problems.AddRange((await person.AccessibilityProblemsAsync()).Select(p => $"{path}: {p}"));
        }

        await person.JoinAsync();
        await person.WaitForLiveAsync();
        await person.SendAsync($"Checking how this looks in {scheme} on a {device}: https://example.com/");
        await person.ExpectMessageAsync($"in {scheme} on a {device}");
        await person.ScreenshotAsync($"room-joined-{device}-{scheme}");
        problems.AddRange((await person.AccessibilityProblemsAsync()).Select(p => $"/chat (joined): {p}"));

        Assert.Empty(problems);
        Assert.Empty(await person.CspViolationsAsync());
    }

    [Theory]
    [InlineData(390, true)]
    [InlineData(1366, false)]
    public async Task The_privacy_table_shows_each_row_as_a_card_on_a_phone(int width, bool cards)
    {
        await using var person = await browsers.NewPersonAsync(colorScheme: "dark", width: width, height: width < 600 ? 844 : 900);
        await person.OpenAsync("/privacy-policy");

        var row = person.Page.Locator(".table--cards tbody tr").First;
        var what = (await row.Locator("td").Nth(0).BoundingBoxAsync())!;
        var where = (await row.Locator("td").Nth(1).BoundingBoxAsync())!;
        var table = (await person.Page.Locator(".table--cards").BoundingBoxAsync())!;
        // A card: each cell under the one before, as wide as the table; a table: the cells side by side.
        Assert.Equal(cards, where.Y >= what.Y + what.Height - 1);
        Assert.Equal(cards, what.Width > table.Width * .9);
        var label = await row.Locator("td").Nth(1).EvaluateAsync<string>("e => getComputedStyle(e, '::before').content");
        Assert.Equal(cards ? "\"Where: \"" : "none", label);
        Assert.True(await person.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways");
        await person.Page.Locator(".table--cards tbody tr").Nth(3).ScrollIntoViewIfNeededAsync();
        await person.ScreenshotAsync($"privacy-table-{(cards ? "phone" : "desktop")}-dark");
        Assert.Empty(await person.AccessibilityProblemsAsync());
    }
}
