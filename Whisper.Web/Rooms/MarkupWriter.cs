using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Whisper.Web.Rooms;

/// <summary>What <see cref="MarkupWriter"/> writes.</summary>
internal enum MarkupOutput
{
    /// <summary>The page's HTML.</summary>
    Html,

    /// <summary>The words a person reads, without marks; a link is its text (a notification).</summary>
    Words,

    /// <summary>The words, and each link's address after its text: what filters and the repeat check read.</summary>
    WordsAndAddresses,
}

/// <summary>
/// Writes a parsed message through an allow-list: as HTML for the page, or as its plain words. Paragraphs stay text
/// (the body keeps white space as typed), quotes and code blocks are boxes, links go only to http and https; anything
/// else the parser found is written as the characters the person typed, encoded, never as markup.
/// </summary>
internal sealed class MarkupWriter(string source, MarkupOutput kind)
{
    private readonly bool html = kind == MarkupOutput.Html;

    private readonly StringBuilder output = new(source.Length + 64);

    public string Write(MarkdownDocument document)
    {
        Blocks(document);
        return output.ToString();
    }

    private void Blocks(ContainerBlock container)
    {
        Block? previous = null;
        foreach (var block in container)
        {
            if (previous is not null)
            {
                Gap(previous, block);
            }

            Block(block);
            previous = block;
        }
    }

    // The line breaks typed between two blocks stay, so blank lines between paragraphs show as typed. Around a quote or
    // code box, its margin stands for one blank line (the one that ends a quote), and the line breaks at its edges are
    // its own: a newline right after a box would show as an empty line.
    private void Gap(Block previous, Block next)
    {
        var from = Math.Clamp(previous.Span.End + 1, 0, source.Length);
        var between = source.AsSpan(from, Math.Clamp(next.Span.Start, from, source.Length) - from);
        var breaks = between.Count('\n');
        if (html)
        {
            breaks -= (IsBox(previous) ? 2 : 0) + (IsBox(next) ? 1 : 0);
        }

        output.Append('\n', Math.Max(breaks, 0));
    }

    private static bool IsBox(Block block) => block is QuoteBlock or FencedCodeBlock;

    private void Block(Block block)
    {
        switch (block)
        {
            case ParagraphBlock { Inline: { } inlines }:
                Inlines(inlines, inLink: false);
                break;
            case QuoteBlock { Count: > 0 } quote:
                Markup("<blockquote>");
                Blocks(quote);
                Markup("</blockquote>");
                break;
            case FencedCodeBlock { Lines.Count: > 0 } code:
                // A long line scrolls inside the box, and keyboards must reach that scroll too: a tab stop of its own,
                // even in a message that is not the active one (reading.js does not take it out of the tab order).
                Markup("<pre tabindex=\"0\"><code>");
                for (var i = 0; i < code.Lines.Count; i++)
                {
                    Text((i > 0 ? "\n" : "") + code.Lines.Lines[i].Slice.ToString());
                }

                Markup("</code></pre>");
                break;
            default:
                // Also an empty quote or code block (a lone ">" or "```"): an empty box would say nothing.
                AsTyped(block.Span, linked: true);
                break;
        }
    }

    private void Inlines(ContainerInline container, bool inLink)
    {
        foreach (var inline in container)
        {
            Inline(inline, inLink);
        }
    }

    private void Inline(Inline inline, bool inLink)
    {
        switch (inline)
        {
            case LiteralInline literal:
                Text(literal.Content.ToString());
                break;
            case LineBreakInline:
                output.Append('\n');
                break;
            case CodeInline code:
                Markup("<code>");
                Text(code.Content);
                Markup("</code>");
                break;
            case EmphasisInline emphasis when ElementOf(emphasis) is { } element:
                Markup($"<{element}>");
                Inlines(emphasis, inLink);
                Markup($"</{element}>");
                break;
            case LinkInline { IsImage: false } link when inLink:
                // An address inside a link's text: the outer link is the one that counts.
                Inlines(link, inLink: true);
                break;
            case LinkInline { IsImage: false } link when MessageText.IsWebAddress(link.Url) && LinkText.PosesAsAnotherHost(link):
                // Its text names another site than the one it opens: shown as typed, its text inert and only the real
                // address a link, so nobody clicks "bank.example" and lands elsewhere.
                AsTyped(new SourceSpan(link.Span.Start, link.UrlSpan.Start - 1), linked: false);
                AsTyped(new SourceSpan(link.UrlSpan.Start, link.Span.End), linked: true);
                break;
            case LinkInline { IsImage: false } link when MessageText.IsWebAddress(link.Url):
                Markup($"<a href=\"{MessageText.Encode(link.Url!)}\" {MessageText.LinkAttributes}>");
                Inlines(link, inLink: true);
                Markup("</a>");
                if (kind == MarkupOutput.WordsAndAddresses && !link.IsAutoLink)
                {
                    // The address hides behind the text on the page, but a filter that blocks it must still see it.
                    output.Append(" (").Append(link.Url).Append(')');
                }

                break;
            case DelimiterInline unclosed:
                // A "[" never closed holds what follows it: the mark as typed, then the rest as usual.
                Text(unclosed.ToLiteral());
                Inlines(unclosed, inLink);
                break;
            default:
                // Images, links to anything but the web, and whatever else: the characters as typed.
                AsTyped(inline.Span, linked: !inLink);
                break;
        }
    }

    private static string? ElementOf(EmphasisInline emphasis) => (emphasis.DelimiterChar, emphasis.DelimiterCount) switch
    {
        ('*' or '_', 1) => "em",
        ('*' or '_', 2) => "strong",
        ('~', 2) => "del",
        _ => null,
    };

    private void AsTyped(SourceSpan span, bool linked)
    {
        // Clamped: an unclosed fence's span reaches past the end of the text.
        var start = Math.Clamp(span.Start, 0, source.Length);
        var typed = source[start..Math.Clamp(span.End + 1, start, source.Length)];
        output.Append(!html ? typed : linked ? MessageText.Linked(typed) : MessageText.Encode(typed));
    }

    private void Text(string text) => output.Append(html ? MessageText.Encode(text) : text);

    private void Markup(string markup)
    {
        if (html)
        {
            output.Append(markup);
        }
    }
}
