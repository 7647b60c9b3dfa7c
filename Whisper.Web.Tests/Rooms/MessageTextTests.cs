using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;
using Whisper.Web.Rooms;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Rooms;

public sealed class MessageTextTests
{
    private static readonly IStringLocalizer<RoomsText> Words = Resources.For<RoomsText>();

    [Fact]
    public void Control_characters_are_removed_but_newlines_stay()
    {
        var (text, error) = MessageText.Clean("  hi\u0007 there\r\nsecond\u0000 line\t ", 2000, Words);

        Assert.Null(error);
        Assert.Equal("hi there\nsecond line", text);
    }

    [Theory]
    [InlineData("https://example.com/\u202Efdp.exe", "https://example.com/fdp.exe")]
    [InlineData("a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl", "abcdefghijkl")]
    [InlineData("zero\u200Bwidth\u2060joiner\uFEFF", "zerowidthjoiner")]
    [InlineData("👩\u200D💻 family", "👩\u200D💻 family")]
    [InlineData("मे\u200Cरा", "मे\u200Cरा")]
    public void Bidi_controls_and_zero_width_characters_are_stripped_but_joiners_stay(string raw, string expected)
    {
        Assert.Equal(expected, MessageText.Clean(raw, 2000, Words).Text);
        Assert.DoesNotContain("\u202E", MessageText.ToHtml(MessageText.Clean(raw, 2000, Words).Text!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("buy now", "BUY  NOW")]
    [InlineData("buy now", "b\u200Buy n\u200Cow")]
    [InlineData("buy now", "ｂｕｙ ｎｏｗ")]
    [InlineData("buy now", "buy\u200D now\n")]
    public void Texts_that_read_the_same_compare_the_same(string first, string second) =>
        Assert.Equal(MessageText.ForComparison(first), MessageText.ForComparison(second));

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData(null)]
    public void Blank_text_is_refused(string? raw)
    {
        var (text, error) = MessageText.Clean(raw, 2000, Words);

        Assert.Null(text);
        Assert.NotNull(error);
    }

    [Fact]
    public void Text_over_the_limit_is_refused_with_the_limit_named()
    {
        var (text, error) = MessageText.Clean(new string('a', 11), 10, Words);

        Assert.Null(text);
        Assert.Contains("10", error, StringComparison.Ordinal);
        Assert.Equal("aaaaaaaaaa", MessageText.Clean(new string('a', 10), 10, Words).Text);
    }

    [Fact]
    public void Markup_is_encoded_never_interpreted()
    {
        var html = MessageText.ToHtml("<script>alert(1)</script> & \"quotes\"");

        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Addresses_become_links_that_leak_nothing_and_keep_trailing_punctuation_outside()
    {
        var html = MessageText.ToHtml("see https://example.com/a?b=1&c=2. or www.example.org!");

        Assert.Contains("<a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">https://example.com/a?b=1&amp;c=2</a>.", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://www.example.org\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">www.example.org</a>!", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_cannot_smuggle_attributes_or_script_urls()
    {
        var html = MessageText.ToHtml("https://x.test/\"onmouseover=alert(1) javascript:alert(1)");

        Assert.DoesNotContain("\"onmouseover", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_in_any_script_stays_readable()
    {
        Assert.Equal("Привет, 世界", MessageText.ToHtml("Привет, 世界"));
    }
}
