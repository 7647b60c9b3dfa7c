using System.Globalization;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Tests.Languages;

/// <summary>CLDR's plural categories, checked on the counts that trip people up: 0, 1, 2, 3, 11, 21, 101.</summary>
public sealed class PluralsTests
{
    [Theory]
    [InlineData("ru", 1, "one")]
    [InlineData("ru", 3, "few")]
    [InlineData("ru", 11, "many")]
    [InlineData("ru", 21, "one")]
    [InlineData("ru", 22, "few")]
    [InlineData("ru", 101, "one")]
    [InlineData("ru", 111, "many")]
    [InlineData("ru", 0, "many")]
    [InlineData("ar", 0, "zero")]
    [InlineData("ar", 1, "one")]
    [InlineData("ar", 2, "two")]
    [InlineData("ar", 3, "few")]
    [InlineData("ar", 11, "many")]
    [InlineData("ar", 21, "many")]
    [InlineData("ar", 100, "other")]
    [InlineData("ar", 101, "other")]
    [InlineData("ar", 103, "few")]
    [InlineData("en", 1, "one")]
    [InlineData("en", 0, "other")]
    [InlineData("en", 21, "other")]
    [InlineData("de", 1, "one")]
    [InlineData("es", 3, "other")]
    [InlineData("fr", 0, "one")]
    [InlineData("fr", 1, "one")]
    [InlineData("fr", 2, "other")]
    [InlineData("pt-BR", 0, "one")]
    [InlineData("hi", 0, "one")]
    [InlineData("hi", 1, "one")]
    [InlineData("hi", 11, "other")]
    [InlineData("ja", 1, "other")]
    [InlineData("zh-Hans", 1, "other")]
    public void Each_language_counts_in_its_own_categories(string culture, long count, string category) =>
        Assert.Equal(category, Plurals.Category(CultureInfo.GetCultureInfo(culture), count));

    [Theory]
    [InlineData(1, "1 человек онлайн")]
    [InlineData(3, "3 человека онлайн")]
    [InlineData(11, "11 человек онлайн")]
    [InlineData(21, "21 человек онлайн")]
    [InlineData(101, "101 человек онлайн")]
    public void Russian_online_counts_read_correctly(long count, string expected) =>
        Assert.Equal(expected, InCulture("ru", () => Online.Plural("People.Online", count).Value));

    [Theory]
    [InlineData(0, "لا أحد متصل")]
    [InlineData(1, "شخص واحد متصل")]
    [InlineData(2, "شخصان متصلان")]
    [InlineData(3, "3 أشخاص متصلون")]
    [InlineData(11, "11 شخصًا متصلًا")]
    [InlineData(21, "21 شخصًا متصلًا")]
    [InlineData(101, "101 شخص متصل")]
    public void Arabic_online_counts_read_correctly(long count, string expected) =>
        Assert.Equal(expected, InCulture("ar", () => Online.Plural("People.Online", count).Value));

    [Fact]
    public void A_category_the_resources_lack_falls_back_to_other() =>
        Assert.Equal("5 online", InCulture("en", () => new Dictionary("en", ("People.Online.other", "{0} online")).Plural("People.Online", 5).Value));

    private static readonly IStringLocalizer Online = new Dictionary(
        "ru",
        ("People.Online.one", "{0} человек онлайн"),
        ("People.Online.few", "{0} человека онлайн"),
        ("People.Online.many", "{0} человек онлайн"),
        ("People.Online.other", "{0} человека онлайн"))
        .With("ar",
        ("People.Online.zero", "لا أحد متصل"),
        ("People.Online.one", "شخص واحد متصل"),
        ("People.Online.two", "شخصان متصلان"),
        ("People.Online.few", "{0} أشخاص متصلون"),
        ("People.Online.many", "{0} شخصًا متصلًا"),
        ("People.Online.other", "{0} شخص متصل"));

    /// <summary>Runs <paramref name="read"/> as a reader of <paramref name="culture"/> would see it (also for other language tests).</summary>
    internal static T InCulture<T>(string culture, Func<T> read)
    {
        var (ui, formatting) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            return read();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, formatting);
        }
    }

    /// <summary>Resources in memory, per language: what a resx file would hold.</summary>
    private sealed class Dictionary(string culture, params (string Key, string Text)[] texts) : IStringLocalizer
    {
        private readonly Dictionary<string, Dictionary<string, string>> byCulture = new() { [culture] = texts.ToDictionary(t => t.Key, t => t.Text) };

        public Dictionary With(string other, params (string Key, string Text)[] more)
        {
            byCulture[other] = more.ToDictionary(t => t.Key, t => t.Text);
            return this;
        }

        public LocalizedString this[string name] =>
            byCulture.TryGetValue(CultureInfo.CurrentUICulture.Name, out var texts) && texts.TryGetValue(name, out var text)
                ? new(name, text)
                : new(name, name, resourceNotFound: true);

        public LocalizedString this[string name, params object[] arguments] =>
            new(name, string.Format(CultureInfo.CurrentCulture, this[name].Value, arguments), this[name].ResourceNotFound);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
