using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Hosting;

/// <summary>What a browser is sent for the pages' scripts, stylesheet and drawings: fingerprinted, immutable, compressed ahead.</summary>
public sealed partial class StaticAssetsTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    public static TheoryData<string> Pages => ["/", "/chat/lobby", "/talk", "/offline", "/faq"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_file_a_page_names_has_a_fingerprint_and_no_version_query(string path)
    {
        using var visitor = app.NewVisitor();

        var (status, page) = await visitor.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, status);
        var files = FilesNamedBy(page);
        Assert.Contains(files, f => f.StartsWith("/css/site.", StringComparison.Ordinal));
        Assert.All(files, f => Assert.Matches(Fingerprinted(), f));
        Assert.DoesNotContain("?v=", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fingerprinted_file_is_immutable_for_a_year_with_a_strong_ETag_and_Brotli_when_asked()
    {
        using var visitor = app.NewVisitor();
        var (_, page) = await visitor.GetAsync("/chat/lobby");

        foreach (var file in FilesNamedBy(page).Concat(ImportMap(page).Values))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, file);
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            using var response = await visitor.Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
            Assert.False(response.Headers.ETag!.IsWeak, file);
            Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
            // The Brotli copy is the file itself, not an empty answer with the right headers.
            using var decoded = new MemoryStream();
            await using (var brotli = new System.IO.Compression.BrotliStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress))
            {
                await brotli.CopyToAsync(decoded);
            }

            var plain = await visitor.Client.GetByteArrayAsync(file);
            Assert.NotEmpty(plain);
            Assert.Equal(plain, decoded.ToArray());

            using var again = new HttpRequestMessage(HttpMethod.Get, file);
            again.Headers.AcceptEncoding.ParseAdd("br, gzip");
            again.Headers.IfNoneMatch.Add(response.Headers.ETag);
            using var revalidated = await visitor.Client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }
    }

    [Fact]
    public async Task The_import_map_sends_every_module_to_its_fingerprinted_file_and_the_CSP_allows_it_by_hash()
    {
        using var visitor = app.NewVisitor();

        using var response = await visitor.Client.GetAsync("/chat/lobby");
        var html = await response.Content.ReadAsStringAsync();

        var json = ImportMapJson().Match(html).Groups[1].Value;
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"script-src 'self' 'sha256-{hash}';", csp, StringComparison.Ordinal);
        var imports = JsonSerializer.Deserialize<ImportMapJsonShape>(json)!.imports;
        // The modules the room imports by plain name are among them.
        Assert.Matches("^/js/menus\\.[a-z0-9]{10}\\.js$", imports["/js/menus.js"]);
        Assert.Matches("^/js/reading\\.[a-z0-9]{10}\\.js$", imports["/js/reading.js"]);
        Assert.All(imports, entry => Assert.Matches(Fingerprinted(), entry.Value));
    }

    [Fact]
    public async Task The_service_worker_precaches_every_file_the_pages_name_by_the_same_address()
    {
        using var visitor = app.NewVisitor();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in new[] { "/", "/chat/lobby", "/talk", "/offline" })
        {
            var (_, page) = await visitor.GetAsync(path);
            named.UnionWith(FilesNamedBy(page));
            named.UnionWith(ImportMap(page).Values);
        }

        var worker = await visitor.Client.GetStringAsync("/sw.js");
        var shell = JsonSerializer.Deserialize<string[]>(Shell().Match(worker).Groups[1].Value)!;

        Assert.Subset(shell.ToHashSet(StringComparer.Ordinal), named);
        Assert.Equal(shell.Where(f => f is not "/offline" and not "/icons/icon-192.png").Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }

    /// <summary>The stylesheet, scripts and drawings a page loads from this server (the manifest and the home-screen icon keep plain addresses).</summary>
    private static List<string> FilesNamedBy(IDocument page) =>
    [
        .. page.QuerySelectorAll("link[rel=stylesheet], link[rel=icon]").Select(l => l.GetAttribute("href")!),
        .. page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!),
        .. page.QuerySelectorAll("[data-unread-icon]").Select(e => e.GetAttribute("data-unread-icon")!),
        .. page.QuerySelectorAll("img[src]").Select(i => i.GetAttribute("src")!).Where(src => !src.StartsWith("/avatars/", StringComparison.Ordinal)),
    ];

    private static Dictionary<string, string> ImportMap(IDocument page) =>
        JsonSerializer.Deserialize<ImportMapJsonShape>(page.QuerySelector("script[type=importmap]")!.TextContent)!.imports;

    private sealed record ImportMapJsonShape(Dictionary<string, string> imports, Dictionary<string, string> integrity);

    [GeneratedRegex("^/(css|js|lib|icons)/[^?]+\\.[a-z0-9]{10}\\.(css|js|svg)$")]
    private static partial Regex Fingerprinted();

    [GeneratedRegex("<script type=\"importmap\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMapJson();

    [GeneratedRegex("const SHELL = (\\[.*?\\]);")]
    private static partial Regex Shell();
}
