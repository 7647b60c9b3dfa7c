using Whisper.Web.Moderation;
using Whisper.Web.Rooms;

namespace Whisper.Web.Tests.Moderation;

/// <summary>Plain-word filters see through look-alike letters and digits for letters, without a regular expression.</summary>
public sealed class LookAlikeFilterTests
{
    [Theory]
    [InlineData("get it fr\u0435\u0435 today")] // Cyrillic е
    [InlineData("get it \u0066\u0433\u0435\u0435 today", false)] // Cyrillic г is no r: not a look-alike
    [InlineData("get it FR\u0415\u0415 today")] // Cyrillic capital Е
    [InlineData("get it fr\u03b5\u03b5 today")] // Greek ε
    [InlineData("get it \uff46\uff52\uff45\uff45 today")] // fullwidth
    [InlineData("get it fr33 today")]
    [InlineData("get it f r 3 3 today")]
    [InlineData("get it FR33 today")]
    public void A_word_filter_reads_look_alike_letters_and_digits_as_the_letters_they_imitate(string text, bool matches = true) =>
        Assert.Equal(matches, Matches("free", text));

    [Theory]
    [InlineData("you 1d10t", "idiot")]
    [InlineData("k1ll it", "kill")]
    [InlineData("h0t d4t3s", "hot dates")]
    [InlineData("\u0441\u0430\u0455h now", "cash")] // Cyrillic с, а, ѕ
    [InlineData("b\u03bfnus", "bonus")] // Greek ο
    public void Words_written_with_digits_or_other_scripts_match_the_plain_word(string text, string word) =>
        Assert.True(Matches(word, text));

    [Theory]
    [InlineData("call 1337 now", "leet")]
    [InlineData("room 101", "lol")]
    [InlineData("a classic passage", "ass")]
    [InlineData("fresh", "free")]
    public void Numbers_alone_and_other_words_stay_what_they_are(string text, string word) =>
        Assert.False(Matches(word, text));

    [Fact]
    public void The_repeat_check_reads_look_alikes_as_the_same_text()
    {
        Assert.Equal(MessageText.ForComparison("hello there"), MessageText.ForComparison("h\u0435ll\u043e th\u0435r\u0435"));
        Assert.Equal(MessageText.ForComparison("hello there"), MessageText.ForComparison("\uff48\uff45\uff4c\uff4c\uff4f there"));
        // Only the letters that imitate Latin ones change: the rest of a Cyrillic word stays Cyrillic.
        Assert.Equal("\u043fp\u0438\u0432i\u0442", MessageText.ForComparison("\u041f\u0440\u0438\u0432\u0456\u0442"));
    }

    [Theory]
    [InlineData("[click](https://banned.example/offer)")]
    [InlineData("**[free stuff](https://www.banned.example)**")]
    [InlineData("see [this](https://banned.example) and [that](https://fine.example)")]
    public void A_filter_reads_the_address_hidden_behind_a_links_text(string text)
    {
        Assert.True(Matches("banned", text));
        Assert.True(Matches(@"banned\.example", text, isRegex: true));
        Assert.False(Matches("click", "[other](https://banned.example)"));
    }

    private static bool Matches(string pattern, string text, bool isRegex = false) =>
        new CompiledFilter(new Filter(1, pattern, isRegex, FilterAction.Refuse, null, "", 0), TimeSpan.FromMilliseconds(50))
            .Matches(CompiledFilter.Fold(text), CompiledFilter.Words(text));
}
