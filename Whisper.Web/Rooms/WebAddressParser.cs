using System.Globalization;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Whisper.Web.Rooms;

/// <summary>
/// Finds web addresses in formatted text as <see cref="MessageText.Linked"/> finds them in plain text, before emphasis
/// is looked for, so the underscores and asterisks inside an address stay part of it.
/// </summary>
internal sealed class WebAddressParser : InlineParser
{
    public WebAddressParser() => OpeningCharacters = ['h', 'H', 'w', 'W'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        // An address starts a word: "chttps://" and "awww." are not addresses; "_www.…_" is one in italics.
        if (slice.Start > 0 && IsWordCharacter(slice.Text[slice.Start - 1]))
        {
            return false;
        }

        if (MessageText.WebAddressAt(slice.Text, slice.Start, slice.End - slice.Start + 1) is not { } address)
        {
            return false;
        }

        // "[https://a.example](https://b.example)": the address in a link's text ends where the text does, or it would
        // swallow the link's own address and the link would never close.
        if (address.IndexOf("](", StringComparison.Ordinal) is > 0 and var end)
        {
            address = address[..end];
        }

        var start = processor.GetSourcePosition(slice.Start, out var line, out var column);
        var span = new SourceSpan(start, start + address.Length - 1);
        var link = new LinkInline(MessageText.Href(address), "") { IsAutoLink = true, IsClosed = true, Span = span, Line = line, Column = column };
        link.AppendChild(new LiteralInline(address) { Span = span, Line = line, Column = column });
        processor.Inline = link;
        slice.Start += address.Length;
        return true;
    }

    // The characters a regular expression's \b counts as part of a word, but for the underscore, a formatting mark here.
    private static bool IsWordCharacter(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark;
}
