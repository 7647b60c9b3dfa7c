using System.Net;
using Whisper.Web.Languages;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>The page's language: the picker's cookie first, then what the browser asks for, then English.</summary>
public sealed class ChoosingALanguageTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task A_browser_asking_for_Spanish_gets_a_Spanish_page()
    {
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-MX,es;q=0.9,en;q=0.5");

        var (status, page) = await visitor.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("es", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("ltr", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("Habla con libertad y sigue en el anonimato.", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Salas", page.QuerySelector("nav")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_language_it_is_English()
    {
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("tlh");

        var (_, page) = await visitor.GetAsync("/about");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Why anonymity matters", page.QuerySelector("h2")!.TextContent);
    }

    [Fact]
    public async Task The_pickers_choice_wins_over_the_browsers_and_it_goes_back_to_the_page()
    {
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es");
        var (_, contact) = await visitor.GetAsync("/contact");

        var chosen = await visitor.SubmitAsync(contact, "/language", new() { ["culture"] = "de" });

        Assert.Equal(HttpStatusCode.SeeOther, chosen.StatusCode);
        Assert.Equal("/contact", chosen.Headers.Location!.OriginalString);
        var cookie = Assert.Single(chosen.Headers.GetValues("Set-Cookie"), c => c.StartsWith(LanguagesFeature.Cookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        var (_, page) = await visitor.GetAsync("/contact");
        Assert.Equal("de", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Kontakt", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("de", page.QuerySelector("#language-picker option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_arabic_browser_gets_the_page_in_arabic_and_mirrored()
    {
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar-EG");

        var (_, page) = await visitor.GetAsync("/");

        Assert.Equal("ar", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("تكلّم بحرية وابقَ مجهول الهوية.", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task The_picker_lists_every_language_in_its_own_name()
    {
        using var visitor = app.NewVisitor();

        var (_, page) = await visitor.GetAsync("/");

        var options = page.QuerySelectorAll("#language-picker option").Select(o => (o.GetAttribute("value"), o.TextContent)).ToList();
        Assert.Equal(Language.All.Select(l => ((string?)l.Culture, l.OwnName)), options);
        Assert.Contains(("ru", "Русский"), options);
        Assert.Equal("Language", page.QuerySelector("label[for=language-picker]")!.TextContent);
    }

    [Fact]
    public async Task A_language_not_offered_is_refused_with_a_sentence_and_sets_nothing()
    {
        using var visitor = app.NewVisitor();
        var (_, home) = await visitor.GetAsync("/");

        var refused = await visitor.SubmitAsync(home, "/language", new() { ["culture"] = "xx-nowhere" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("That language is not offered here", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(refused.Headers.Contains("Set-Cookie") && refused.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(LanguagesFeature.Cookie, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_picker_never_sends_anyone_to_another_site()
    {
        using var visitor = app.NewVisitor();
        var (_, home) = await visitor.GetAsync("/");

        var chosen = await visitor.SubmitAsync(home, "/language", new() { ["culture"] = "es", ["returnUrl"] = "//evil.example/" });

        Assert.Equal(HttpStatusCode.SeeOther, chosen.StatusCode);
        Assert.Equal("/", chosen.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Origin", "https://evil.example")]
    public async Task Another_site_cannot_switch_someones_language(string header, string value)
    {
        using var visitor = app.NewVisitor();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/language")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "ru", ["returnUrl"] = "/" }),
        };
        request.Headers.Add(header, value);

        using var refused = await visitor.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("only be changed from this site", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Reading_a_page_with_the_picker_sets_no_cookie()
    {
        using var visitor = app.NewVisitor();

        using var response = await visitor.Client.GetAsync("/about");

        Assert.NotNull(response.Content.Headers.ContentType);
        Assert.Contains("language-picker", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
