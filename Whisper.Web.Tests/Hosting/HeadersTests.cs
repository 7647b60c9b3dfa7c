using System.Net;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Hosting;

public sealed class HeadersTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    private static readonly string[] PagePaths = ["/", "/chat", "/faq", "/tos", "/privacy-policy"];

    public static TheoryData<string> Pages => [.. PagePaths];

    public static TheoryData<string> Responses => [.. PagePaths, "/chat/missing", "/healthz", "/avatars/Quiet%20Otter%2048213.svg"];

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var visitor = app.NewVisitor();

        using var response = await visitor.Client.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        // Same-origin files, and the one inline script: the layout's import map, by its hash.
        Assert.Matches("script-src 'self' 'sha256-[A-Za-z0-9+/]{43}=';", csp);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Over_HTTPS_behind_a_trusted_proxy_every_cookie_is_Secure_and_HSTS_is_sent()
    {
        await using var behindProxy = new WhisperApp { Settings = { ["Whisper:ForwardedHeaders:Enabled"] = "true" } };
        // The proxy speaks plain HTTP to Whisper and says the browser used HTTPS.
        using var proxied = behindProxy.NewVisitor();
        proxied.Client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        proxied.Client.DefaultRequestHeaders.Host = "chat.example";
        using var page = await proxied.Client.GetAsync("/chat/lobby");
        // The browser, which sees https://chat.example, joins and logs in.
        var jar = new CookieJar(new CookieContainer());
        using var browser = new VisitorClient(behindProxy.CreateDefaultClient(new Uri("https://chat.example/"), jar), jar.Cookies);
        using var join = await browser.SubmitAsync(await browser.OpenRoomAsync(), "/identity", new() { ["accept"] = "true", ["room"] = "lobby" });
        using var login = await browser.LogInAsAdminAsync();

        Assert.StartsWith("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Contains("; secure", page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("whisper_af=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
        var cookies = jar.Cookies.GetAllCookies().ToList();
        Assert.Equal(["whisper_admin", "whisper_af", "whisper_id"], cookies.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(cookies, c => Assert.True(c.Secure, c.Name + " is not Secure"));
    }

    [Fact]
    public async Task Over_plain_HTTP_there_is_no_HSTS()
    {
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.Host = "chat.example";

        using var response = await visitor.Client.GetAsync("/chat/lobby");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_load_nothing_from_another_origin_and_run_no_inline_script_but_the_import_map(string path)
    {
        using var visitor = app.NewVisitor();

        var page = await Html.ParseAsync(await visitor.Client.GetStringAsync(path));

        var sources = page.QuerySelectorAll("script[src], link[href], img[src]")
            .Select(e => e.GetAttribute("src") ?? e.GetAttribute("href")!).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.StartsWith("/", s, StringComparison.Ordinal));
        Assert.All(sources, s => Assert.False(s.StartsWith("//", StringComparison.Ordinal), s));
        // The import map is data, not code, and the CSP names it by its hash (StaticAssetsTests).
        Assert.Empty(page.QuerySelectorAll("script:not([src]):not([type=importmap])"));
        Assert.Single(page.QuerySelectorAll("script[type=importmap]"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task Health_answers_200_when_the_app_can_serve()
    {
        using var visitor = app.NewVisitor();

        using var response = await visitor.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/", "Speak freely")]
    [InlineData("/faq", "500 latest messages")]
    [InlineData("/tos", "13 or older")]
    [InlineData("/privacy-policy", "SHA-256")]
    public async Task The_static_pages_are_real_pages(string path, string text)
    {
        using var visitor = app.NewVisitor();

        var page = await Html.ParseAsync(await visitor.Client.GetStringAsync(path));

        Assert.Contains(text, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("h1"));
    }
}
