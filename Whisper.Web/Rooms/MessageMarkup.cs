using System.Buffers;
using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Parsers;
using Markdig.Parsers.Inlines;

namespace Whisper.Web.Rooms;

/// <summary>
/// Formatting in messages: the small, safe part of Markdown people use in chats (bold, italic, strikethrough, code,
/// code blocks, quotes, links), parsed by Markdig with raw HTML off and written through an allow-list
/// (<see cref="MarkupWriter"/>). Whatever else a person typed (headings, lists, images, tables, HTML) shows as typed.
/// </summary>
internal static class MessageMarkup
{
    // Characters that can start formatting: a text with none of them (most chat lines) never meets the parser.
    private static readonly SearchValues<char> Markers = SearchValues.Create("*_~`>[\\");

    private static readonly MarkdownPipeline Pipeline = BuildPipeline();

    // Markdig's time grows with the square of unclosed brackets ("[[[[…": about 11 ms for 2000 of them), and a quote
    // nested hundreds deep costs a millisecond or more before Markdig gives up on it; a text with more of these marks
    // shows as typed, so that no message costs more than about a millisecond (bench/Whisper.Bench.Formatting).
    private const int MaxBracketsAndQuotes = 256;

    /// <summary>HTML for a cleaned message; the same bytes for every reader.</summary>
    public static string ToHtml(string text) => Write(text, MarkupOutput.Html) ?? MessageText.Linked(text);

    /// <summary>The words without the marks, a link as its text alone: what a notification shows.</summary>
    public static string ToPlain(string text) => Write(text, MarkupOutput.Words) ?? text;

    /// <summary>
    /// The words without the marks and every link's address after its text, so that <c>[click](https://banned.example)</c>
    /// cannot hide an address from the repeat check and filters.
    /// </summary>
    public static string ToPlainWithAddresses(string text) => Write(text, MarkupOutput.WordsAndAddresses) ?? text;

    /// <summary>The formatted text, or null when it is to show as typed: no marks at all (most lines), or too many to be worth it.</summary>
    private static string? Write(string text, MarkupOutput kind)
    {
        var span = text.AsSpan();
        if (span.IndexOfAny(Markers) < 0 || span.Count('[') + span.Count('>') > MaxBracketsAndQuotes)
        {
            return null;
        }

        try
        {
            return new MarkupWriter(text, kind).Write(Markdown.Parse(text, Pipeline));
        }
        catch (ArgumentException)
        {
            // Nested deeper than Markdig allows ("> > > …" a hundred times or more), or a position Markdig reports
            // outside the text: shown as typed rather than refusing what someone wrote.
            return null;
        }
    }

    private static MarkdownPipeline BuildPipeline()
    {
        var builder = new MarkdownPipelineBuilder().DisableHtml().UseEmphasisExtras(EmphasisExtraOptions.Strikethrough).UsePreciseSourceLocation();
        // Not offered, so ordinary text keeps its meaning: "# 1 fan", "- me too", "1. first", "---", indented lines.
        builder.BlockParsers.TryRemove<HeadingBlockParser>();
        builder.BlockParsers.TryRemove<ListBlockParser>();
        builder.BlockParsers.TryRemove<ThematicBreakParser>();
        builder.BlockParsers.TryRemove<IndentedCodeBlockParser>();
        builder.BlockParsers.TryRemove<HtmlBlockParser>();
        builder.BlockParsers.FindExact<ParagraphBlockParser>()!.ParseSetextHeadings = false;
        // "<https://…>" and "&amp;" show as typed; web addresses become links by the rule that predates formatting.
        builder.InlineParsers.TryRemove<AutolinkInlineParser>();
        builder.InlineParsers.TryRemove<HtmlEntityParser>();
        builder.InlineParsers.InsertBefore<LinkInlineParser>(new WebAddressParser());
        return builder.Build();
    }
}
