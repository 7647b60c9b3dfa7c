using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Whisper.Web.Languages;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// The FAQ, the terms and the privacy policy are one view per language (<c>Faq.ja.cshtml</c>…): only the prose is
/// translated, every number, setting, cookie, key and link still comes from the same code as in the English view.
/// </summary>
public sealed class TranslatedPagesTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    private static readonly (string View, string Path)[] LongPages = [("Faq", "/faq"), ("Privacy", "/privacy-policy"), ("Terms", "/tos")];

    private static IEnumerable<string> Translations => Language.All.Select(l => l.Culture).Where(c => c != "en");

    public static TheoryData<string, string> ViewsAndLanguages
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (view, _) in LongPages)
            {
                foreach (var culture in Translations)
                {
                    data.Add(view, culture);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> Languages => new(Translations);

    [Theory]
    [MemberData(nameof(ViewsAndLanguages))]
    public void A_translation_keeps_every_expression_link_and_key_of_the_English_view(string view, string culture)
    {
        var translatedPath = ViewPath($"{view}.{culture}");
        Assert.True(File.Exists(translatedPath), $"{view} has no {culture} translation ({translatedPath})");
        var english = RazorReferences.Of(File.ReadAllText(ViewPath(view)));
        var translated = RazorReferences.Of(File.ReadAllText(translatedPath));

        // The English view's note ("this page is English only") is what a translation replaces with its own.
        var missing = english.Except(translated).Where(r => r != "partial _EnglishPrevails").ToList();
        Assert.True(missing.Count == 0, $"{view}.{culture}.cshtml lacks what the English view has: {string.Join(" · ", missing)}");
        Assert.DoesNotContain("partial _EnglishPrevails", translated);
        Assert.Contains("class english-prevails", translated);
    }

    [Fact]
    public void The_reference_reader_sees_code_links_and_keys_but_not_the_prose_in_strings()
    {
        var references = RazorReferences.Of("""
            @inject IOptions<MessageOptions> Messages
            <p id="x">@(on ? "Some {prose}" : $"Run by {Site.Value.Operator}") and @Messages.Value.RingSize, <a href="/tos">terms</a>,
            <code>whisper-talk-mode</code>, @Whisper.Web.Hosting.SlowDown.Describe(Talk.Value.Turn.CredentialLifetime).</p>
            """);

        Assert.Contains("inject IOptions<MessageOptions> Messages", references);
        Assert.Contains("code Site.Value.Operator", references);
        Assert.Contains("code Messages.Value.RingSize", references);
        Assert.Contains("code Talk.Value.Turn.CredentialLifetime", references);
        Assert.Contains("code Whisper.Web.Hosting.SlowDown.Describe", references);
        Assert.Contains("href /tos", references);
        Assert.Contains("id x", references);
        Assert.Contains("key whisper-talk-mode", references);
        Assert.DoesNotContain(references, r => r.Contains("prose", StringComparison.Ordinal) || r.Contains("Some", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Japanese_browser_gets_the_Japanese_faq_saying_the_English_text_prevails()
    {
        var page = await OpenAsync("/faq", "ja,en;q=0.5");

        Assert.Equal("ja", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("ltr", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("よくある質問", page.QuerySelector("main h1")!.TextContent);
        Assert.Contains("英語版", page.QuerySelector(".english-prevails")!.TextContent, StringComparison.Ordinal);
        var ring = app.Service<Microsoft.Extensions.Options.IOptions<Whisper.Web.Rooms.MessageOptions>>().Value.RingSize;
        Assert.Contains($"最新の{ring}件", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        // How long a file is kept is written in Japanese too, not as the English "a day".
        var files = app.Service<Microsoft.Extensions.Options.IOptions<Whisper.Web.Files.FileSharingOptions>>().Value;
        Assert.DoesNotContain(files.RetentionText, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Arabic_browser_gets_the_Arabic_pages_right_to_left()
    {
        foreach (var (_, path) in LongPages)
        {
            var page = await OpenAsync(path, "ar-EG");

            Assert.Equal("ar", page.DocumentElement.GetAttribute("lang"));
            Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
            Assert.Null(page.QuerySelector("main article[lang=en]"));
            Assert.Contains("الإنجليزي", page.QuerySelector(".english-prevails")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_language_without_a_translation_gets_the_English_pages_and_no_note()
    {
        foreach (var (_, path) in LongPages)
        {
            var page = await OpenAsync(path, "tlh,nl;q=0.8");

            Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
            Assert.NotNull(page.QuerySelector("main article[lang=en]"));
            Assert.Null(page.QuerySelector(".english-prevails"));
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Each_language_has_its_own_faq_terms_and_policy_title(string culture)
    {
        var titles = new HashSet<string>();
        foreach (var (_, path) in LongPages)
        {
            var page = await OpenAsync(path, culture);
            Assert.Equal(culture, page.DocumentElement.GetAttribute("lang"));
            Assert.Null(page.QuerySelector("main article[lang=en]"));
            Assert.NotNull(page.QuerySelector(".english-prevails"));
            titles.Add(page.QuerySelector("main h1")!.TextContent);
        }

        Assert.Equal(LongPages.Length, titles.Count);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Each_translation_says_every_configured_number_and_name_as_often_as_the_English_page(string culture)
    {
        // Values no prose, date or constant on these pages contains, so counting them counts the settings' mentions.
        string[] values = ["321", "17", "203", "47", "401", "23", "19", "Example Community e.V.", "Example Hosting GmbH"];
        await using var configured = new WhisperApp
        {
            Settings =
            {
                ["Whisper:Messages:RingSize"] = "321",
                ["Whisper:AccessLog:Enabled"] = "true",
                ["Whisper:AccessLog:RetentionDays"] = "17",
                ["Whisper:Identity:CookieDays"] = "203",
                ["Whisper:Admin:ReportRetentionDays"] = "47",
                ["Whisper:Admin:AuditRetentionDays"] = "401",
                ["Whisper:Admin:SessionHours"] = "23",
                ["Whisper:Admin:InvitationDays"] = "19",
                ["Whisper:Site:Operator"] = "Example Community e.V.",
                ["Whisper:Site:HostingProvider"] = "Example Hosting GmbH",
                ["Whisper:Talk:Turn:Urls:0"] = "turn:turn.example.org:3478",
                ["Whisper:Talk:Turn:Secret"] = "a-relay-secret",
            },
        };

        foreach (var (_, path) in LongPages)
        {
            var english = await MainTextAsync(configured, path, "en");
            var translated = await MainTextAsync(configured, path, culture);
            foreach (var value in values)
            {
                Assert.True(
                    Mentions(english, value) == Mentions(translated, value),
                    $"{path} in {culture} says {value} {Mentions(translated, value)} times, the English page {Mentions(english, value)} times");
            }
        }
    }

    /// <summary>How often <paramref name="value"/> stands alone (a number not inside a longer one).</summary>
    private static int Mentions(string text, string value) => Regex.Count(text, $@"(?<!\d){Regex.Escape(value)}(?!\d)");

    private static async Task<string> MainTextAsync(WhisperApp server, string path, string culture)
    {
        using var visitor = server.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        var (_, page) = await visitor.GetAsync(path);
        Assert.Equal(culture, page.DocumentElement.GetAttribute("lang"));
        return page.QuerySelector("main")!.TextContent;
    }

    private async Task<IDocument> OpenAsync(string path, string acceptLanguage)
    {
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        var (status, page) = await visitor.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        return page;
    }

    private static string ViewPath(string name) => Path.Combine(Repository.Root, "Whisper.Web", "Views", "Pages", name + ".cshtml");
}

/// <summary>
/// What a long page's view takes from code and from the site, as opposed to its prose: the options and constants its
/// Razor reads (string literals inside the code are prose and left out, their interpolations kept), its links,
/// anchors, classes, partials and the browser-storage keys it names.
/// </summary>
internal static partial class RazorReferences
{
    public static HashSet<string> Of(string view)
    {
        var references = new HashSet<string>(StringComparer.Ordinal);
        view = Comment().Replace(view, "");
        foreach (Match inject in Inject().Matches(view))
        {
            references.Add("inject " + inject.Groups[1].Value.Trim());
        }

        foreach (var code in CodeRegions(view))
        {
            foreach (Match chain in Chain().Matches(WithoutStringLiterals(code)))
            {
                // How the English page writes its own date is prose: each language writes dates its own way.
                if (!chain.Value.StartsWith("System.Globalization", StringComparison.Ordinal))
                {
                    references.Add("code " + chain.Value);
                }
            }
        }

        foreach (Match attribute in Attribute().Matches(view))
        {
            foreach (var value in attribute.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                references.Add($"{attribute.Groups[1].Value} {value}");
            }
        }

        foreach (Match partial in Partial().Matches(view))
        {
            references.Add("partial " + partial.Groups[1].Value);
        }

        foreach (Match key in StorageKey().Matches(view))
        {
            references.Add("key " + key.Value);
        }

        return references;
    }

    /// <summary>The C# in a view: <c>@{…}</c>, <c>@(…)</c>, <c>@if (…)</c> and implicit <c>@A.B.C(…)</c>.</summary>
    private static IEnumerable<string> CodeRegions(string view)
    {
        for (var i = view.IndexOf('@'); i >= 0 && i < view.Length - 1; i = view.IndexOf('@', i + 1))
        {
            var next = view[i + 1];
            if (next is '{' or '(')
            {
                yield return Balanced(view, i + 1);
            }
            else if (Keyword().Match(view, i + 1) is { Success: true } keyword)
            {
                yield return Balanced(view, keyword.Index + keyword.Length - 1);
            }
            else if (ImplicitChain().Match(view, i + 1) is { Success: true } chain)
            {
                var end = chain.Index + chain.Length;
                yield return chain.Value + (end < view.Length && view[end] == '(' ? Balanced(view, end) : "");
            }
        }
    }

    /// <summary>From an opening bracket at <paramref name="start"/> to its match, brackets inside strings ignored.</summary>
    private static string Balanced(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && text[i - 1] != '\\')
            {
                inString = !inString;
            }
            else if (!inString && c is '{' or '(')
            {
                depth++;
            }
            else if (!inString && c is '}' or ')' && --depth == 0)
            {
                return text[start..(i + 1)];
            }
        }

        return text[start..];
    }

    /// <summary>Drops the text of string literals, keeping what an interpolated string reads between its braces.</summary>
    private static string WithoutStringLiterals(string code)
    {
        var kept = new System.Text.StringBuilder();
        for (var i = 0; i < code.Length; i++)
        {
            if (code[i] != '"')
            {
                kept.Append(code[i]);
                continue;
            }

            var interpolated = i > 0 && code[i - 1] == '$';
            for (i++; i < code.Length && !(code[i] == '"' && code[i - 1] != '\\'); i++)
            {
                if (interpolated && code[i] == '{')
                {
                    var hole = Balanced(code, i);
                    kept.Append(' ').Append(hole).Append(' ');
                    i += hole.Length - 1;
                }
            }

            kept.Append(' ');
        }

        return kept.ToString();
    }

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^@inject (.+)$", RegexOptions.Multiline)]
    private static partial Regex Inject();

    [GeneratedRegex(@"\G(?:if|else if|foreach|switch|while)\s*\(")]
    private static partial Regex Keyword();

    [GeneratedRegex(@"\G[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")]
    private static partial Regex ImplicitChain();

    [GeneratedRegex(@"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")]
    private static partial Regex Chain();

    [GeneratedRegex(@"\s(href|id|class|role|scope|tabindex)=""([^""@]*)""")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"<partial name=""([^""]+)""")]
    private static partial Regex Partial();

    [GeneratedRegex(@"whisper-[a-z]+(?:-[a-z]+)*")]
    private static partial Regex StorageKey();
}
