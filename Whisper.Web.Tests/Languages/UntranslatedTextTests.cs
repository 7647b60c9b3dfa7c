using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Whisper.Web.Languages;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// Walks pages in the pseudo-language, where every resource text reads <c>[!! … !!]</c>: anything else a person can
/// see or hear (text, labels, titles) did not come from a resource. Add a page to <see cref="Pages"/> once its view
/// is converted; a feature's own walk (a signed-in page, a refusal) calls <see cref="AssertAllFromResources"/>.
/// </summary>
public sealed partial class UntranslatedTextTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    public static TheoryData<string> Pages => ["/", "/about", "/contact", "/offline", "/no-such-page", "/me", "/me/receive"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_visible_text_comes_from_the_resources(string path)
    {
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(Language.Pseudo);

        var (_, page) = await visitor.GetAsync(path);

        AssertAllFromResources(page, app, path);
    }

    /// <summary>Fails on any text in <paramref name="page"/> (fetched in the pseudo-language) that did not come from a resource.</summary>
    internal static void AssertAllFromResources(IDocument page, WhisperApp app, string what)
    {
        Assert.Equal(Language.Pseudo, page.DocumentElement.GetAttribute("lang"), ignoreCase: true);
        var texts = VisibleTexts(page).ToList();
        Assert.Contains(texts, t => t.Contains("[!!", StringComparison.Ordinal));
        var siteName = app.Service<Whisper.Web.Site.SiteSettings>().Value.Name;
        var untranslated = texts.Select(t => Leftover(t, siteName)).Where(t => t.Trim().Length > 0).ToList();
        Assert.True(untranslated.Count == 0, $"{what} shows text that is not from a resource: {string.Join(" | ", untranslated)}");
    }

    /// <summary>Text nodes and the attributes a person meets (read aloud, shown on hover or in the tab).</summary>
    private static IEnumerable<string> VisibleTexts(IDocument page)
    {
        yield return page.Title ?? "";
        // The body as one text: a sentence with a link in it is several text nodes inside one resource text.
        yield return string.Join(" ", page.Body!.Descendants<IText>()
            .Where(node => node.ParentElement is { } parent && parent.Closest("script, style, template") is null && !InOwnLanguage(parent))
            .Select(node => node.Data));

        foreach (var element in page.QuerySelectorAll("[aria-label], [title], [placeholder], [alt], meta[name=description]"))
        {
            foreach (var attribute in new[] { "aria-label", "title", "placeholder", "alt", "content" })
            {
                if (element.GetAttribute(attribute) is { } value)
                {
                    yield return value;
                }
            }
        }
    }

    /// <summary>A language's own name in the picker is written in that language on purpose: it says so in <c>lang</c>.</summary>
    private static bool InOwnLanguage(IElement element) => element.Closest("[lang]") is { } marked && !string.Equals(marked.GetAttribute("lang"), Language.Pseudo, StringComparison.OrdinalIgnoreCase);

    /// <summary>What is left after removing resource texts (innermost first, as texts nest), the site's name, numbers and punctuation.</summary>
    private static string Leftover(string text, string siteName)
    {
        string previous;
        do
        {
            previous = text;
            text = Wrapped().Replace(text, " ");
        }
        while (text != previous);

        return NotWords().Replace(text.Replace(siteName, " ", StringComparison.Ordinal), " ");
    }

    [GeneratedRegex(@"\[!!((?!\[!!).)*?!!\]", RegexOptions.Singleline)]
    private static partial Regex Wrapped();

    [GeneratedRegex(@"[\s\p{P}\p{S}\d]+")]
    private static partial Regex NotWords();
}
