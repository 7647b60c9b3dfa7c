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
        await using var person = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: device == "phone" ? 844 : 800);
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
}
