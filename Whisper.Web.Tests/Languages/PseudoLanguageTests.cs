using Whisper.Web.Languages;

namespace Whisper.Web.Tests.Languages;

public sealed class PseudoLanguageTests
{
    [Fact]
    public void Letters_are_accented_wrapped_and_lengthened() =>
        Assert.Equal("[!! Róómš ~ !!]", PseudoLanguage.Transform("Rooms"));

    [Fact]
    public void Placeholders_markup_and_entities_come_through_untouched()
    {
        var pseudo = PseudoLanguage.Transform("Read <a href=\"/about\">about {0}</a> &amp; once");

        Assert.StartsWith("[!! Réåd <a href=\"/about\">åbóút {0}</a> &amp; óñçé ", pseudo, StringComparison.Ordinal);
        Assert.EndsWith(" !!]", pseudo, StringComparison.Ordinal);
    }
}
