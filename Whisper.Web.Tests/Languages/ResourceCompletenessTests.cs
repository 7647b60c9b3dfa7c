using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Whisper.Web.Languages;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// Every resource set in <c>Whisper.Web/Languages</c> (Text, and each area's own: RoomsText, TalkText, AdminText…, found
/// by globbing) is complete in all nine translations: the same keys, plural keys in exactly the categories the language
/// counts in, the same placeholders and links, nothing empty, nothing left in English by mistake.
/// </summary>
public sealed partial class ResourceCompletenessTests
{
    /// <summary>Values that read the same in English and in a translation on purpose: brand names, codes, loanwords.</summary>
    private static readonly HashSet<string> SameInEnglish = new(StringComparer.Ordinal)
    {
        "FAQ", "OK", "Offline", "Online", "{0} online", "{0} minutes", "Contact", "Whisper", "XXXXX-XXXXX", "QR", "SHA-256", "IP", "WebRTC",
        "Text", "Video", "Conversation", "<code>Whisper:Talk</code> (README: Talk to a stranger)",
    };

    /// <summary>Plural categories CLDR names; a key ending in one of them belongs to a plural text.</summary>
    private static readonly string[] Categories = ["zero", "one", "two", "few", "many", "other"];

    private static readonly string Folder = Path.Combine(Repository.Root, "Whisper.Web", "Languages");

    private static IEnumerable<string> Translations => Language.All.Select(l => l.Culture).Where(c => c != "en");

    /// <summary>Base names (<c>Text</c>, <c>RoomsText</c>…): a resx whose name holds no culture.</summary>
    private static IEnumerable<string> ResourceSets =>
        Directory.GetFiles(Folder, "*.resx").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(n => !n.Contains('.')).Order(StringComparer.Ordinal);

    public static TheoryData<string, string> EveryTranslation()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in ResourceSets)
        {
            foreach (var culture in Translations)
            {
                data.Add(set, culture);
            }
        }

        return data;
    }

    [Fact]
    public void The_text_resources_are_found()
    {
        Assert.Contains("Text", ResourceSets);
        Assert.True(Read("Text").Count > 100, "Text.resx should hold the layout's and the site pages' texts.");
    }

    [Theory]
    [MemberData(nameof(EveryTranslation))]
    public void A_translation_has_every_key_and_no_other(string set, string culture)
    {
        var path = FileOf(set, culture);
        Assert.True(File.Exists(path), $"{Path.GetFileName(path)} is missing: every resource set needs all ten languages.");

        var expected = ExpectedKeys(Read(set).Keys, CultureInfo.GetCultureInfo(culture));
        var actual = Read(set, culture).Keys.ToHashSet(StringComparer.Ordinal);

        Assert.True(expected.SetEquals(actual),
            $"{Path.GetFileName(path)}: missing {string.Join(", ", expected.Except(actual))}; extra {string.Join(", ", actual.Except(expected))}");
    }

    [Theory]
    [MemberData(nameof(EveryTranslation))]
    public void A_translation_keeps_the_placeholders_and_links_and_says_something(string set, string culture)
    {
        var english = Read(set);
        var problems = new List<string>();
        foreach (var (key, text) in Read(set, culture))
        {
            var (source, category) = SourceOf(key, english);
            if (source is null)
            {
                continue; // a stray key: the test above names it
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add($"{key} is empty");
                continue;
            }

            // A sentence left as it was is untranslated; a single word ("Actions", "Sessions") may well be the same word,
            // and placeholders, markup and punctuation alone ("{0}: {1}") have no words to translate.
            if (text == source && !SameInEnglish.Contains(text) && Words(text) >= 2)
            {
                problems.Add($"{key} is still in English: \"{text}\"");
            }

            var wanted = Placeholders(source);
            var found = Placeholders(text);
            // A plural text may say its count in words ("شخصان", two people) in the zero, one and two forms; every other
            // argument must stay.
            if (category is "zero" or "one" or "two")
            {
                wanted.Remove("0");
                found.Remove("0");
            }

            if (!wanted.SetEquals(found))
            {
                problems.Add($"{key} has placeholders {{{string.Join("}, {", found)}}} where English has {{{string.Join("}, {", wanted)}}}");
            }

            if (!Links(source).SequenceEqual(Links(text)))
            {
                problems.Add($"{key} links to {string.Join(", ", Links(text))} where English links to {string.Join(", ", Links(source))}");
            }
        }

        Assert.True(problems.Count == 0, $"{set}.{culture}.resx: " + string.Join("; ", problems));
    }

    [Fact]
    public void The_languages_offered_are_the_languages_translated()
    {
        var cultures = Directory.GetFiles(Folder, "*.resx")
            .Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Where(n => n.Contains('.'))
            .Select(n => n[(n.IndexOf('.') + 1)..])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(Translations.Order(StringComparer.Ordinal), cultures.Order(StringComparer.Ordinal));
        Assert.Equal("en", Language.All[0].Culture);
        Assert.All(Language.All, l => Assert.Equal(l.Culture, CultureInfo.GetCultureInfo(l.Culture).Name));
    }

    /// <summary>The English keys with each plural text spelled out in the categories <paramref name="culture"/> counts in.</summary>
    private static HashSet<string> ExpectedKeys(IEnumerable<string> english, CultureInfo culture)
    {
        var counts = CategoriesOf(culture);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in english)
        {
            var (stem, category) = Split(key);
            if (category is null)
            {
                keys.Add(key);
            }
            else
            {
                keys.UnionWith(counts.Select(c => $"{stem}.{c}"));
            }
        }

        return keys;
    }

    /// <summary>What <see cref="Plurals.Category"/> answers for whole numbers, plus <c>other</c>, the fallback every plural text keeps.</summary>
    private static HashSet<string> CategoriesOf(CultureInfo culture) =>
        Enumerable.Range(0, 1_001).Select(n => Plurals.Category(culture, n)).Append("other").ToHashSet(StringComparer.Ordinal);

    private static (string? Source, string? Category) SourceOf(string key, Dictionary<string, string> english)
    {
        if (english.TryGetValue(key, out var same))
        {
            return (same, Split(key).Category);
        }

        var (stem, category) = Split(key);
        return category is not null && english.TryGetValue($"{stem}.other", out var other) ? (other, category) : (null, null);
    }

    private static (string Stem, string? Category) Split(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot > 0 && Categories.Contains(key[(dot + 1)..]) ? (key[..dot], key[(dot + 1)..]) : (key, null);
    }

    private static HashSet<string> Placeholders(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static List<string> Links(string text) =>
        LinkPattern().Matches(text).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();

    private static string FileOf(string set, string? culture) => Path.Combine(Folder, culture is null ? $"{set}.resx" : $"{set}.{culture}.resx");

    private static Dictionary<string, string> Read(string set, string? culture = null) =>
        XDocument.Load(FileOf(set, culture)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static int Words(string text) =>
        WordPattern().Count(MarkupPattern().Replace(PlaceholderPattern().Replace(text, " "), " "));

    [GeneratedRegex(@"<[^>]*>|&\w+;")]
    private static partial Regex MarkupPattern();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex LinkPattern();
}
