using AngleSharp.Dom;
using Whisper.Web.Rooms;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Rooms;

/// <summary>Formatting: what each mark becomes in the page, and that nothing outside the allow-list ever becomes markup.</summary>
public sealed class MessageMarkupTests
{
    [Theory]
    [InlineData("so **very** good", "strong", "very")]
    [InlineData("so __very__ good", "strong", "very")]
    [InlineData("so *very* good", "em", "very")]
    [InlineData("so _very_ good", "em", "very")]
    [InlineData("so ~~very~~ good", "del", "very")]
    [InlineData("run `dotnet test` now", "code", "dotnet test")]
    [InlineData("> very good\nindeed", "blockquote", "very good\nindeed")]
    public async Task Each_allowed_mark_becomes_its_element(string typed, string element, string inside)
    {
        var body = await BodyAsync(typed);

        Assert.Equal(inside, Assert.Single(body.QuerySelectorAll(element)).TextContent);
        Assert.DoesNotContain(typed.Contains('>', StringComparison.Ordinal) ? ">" : "*", body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fenced_code_block_keeps_its_lines_and_marks_as_typed()
    {
        var body = await BodyAsync("look:\n```js\nif (a < b && **c**) {\n  go();\n}\n```\nthen");

        var code = Assert.Single(body.QuerySelectorAll("pre > code"));
        Assert.Equal("if (a < b && **c**) {\n  go();\n}", code.TextContent);
        Assert.Empty(body.QuerySelectorAll("strong"));
        Assert.Equal("look:" + code.TextContent + "then", body.TextContent);
    }

    [Fact]
    public async Task Links_go_only_to_the_web_and_leak_nothing()
    {
        var body = await BodyAsync("[the docs](https://example.com/a_b?c=1&d=2) and [bad](javascript:alert(1)) and [local](/admin)");

        var link = Assert.Single(body.QuerySelectorAll("a"));
        Assert.Equal("the docs", link.TextContent);
        Assert.Equal("https://example.com/a_b?c=1&d=2", link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer nofollow", link.GetAttribute("rel"));
        Assert.Contains("[bad](javascript:alert(1))", body.TextContent, StringComparison.Ordinal);
        Assert.Contains("[local](/admin)", body.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("**<b onclick=\"x()\">bold</b>**")]
    [InlineData("<div hx-get=\"/admin\" hx-trigger=\"load\">x</div>")]
    [InlineData("_<img src=x onerror=alert(1)>_")]
    public async Task Raw_html_shows_as_text_never_as_markup(string typed)
    {
        var body = await BodyAsync(typed);

        Assert.Empty(body.QuerySelectorAll("script, b, div, img, [onclick], [onerror], [hx-get]"));
        Assert.Contains(typed.Trim('*', '_'), body.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("![cat](https://example.com/cat.png)", "img")]
    [InlineData("# Big news", "h1")]
    [InlineData("Big news\n===", "h1")]
    [InlineData("- one\n- two", "ul")]
    [InlineData("1. one\n2. two", "ol")]
    [InlineData("a\n\n---\n\nb", "hr")]
    [InlineData("| a | b |\n|---|---|\n| 1 | 2 |", "table")]
    [InlineData("<https://example.com>", "a[href^='javascript']")]
    [InlineData("<javascript:alert(1)>", "a")]
    [InlineData("[x]: javascript:alert(1)\n\n[x]", "a")]
    [InlineData(">", "blockquote")]
    [InlineData("```", "pre")]
    [InlineData("```js\n```", "pre")]
    public async Task What_is_not_offered_shows_as_typed(string typed, string forbidden)
    {
        var body = await BodyAsync(typed);

        Assert.Empty(body.QuerySelectorAll(forbidden));
        Assert.Equal(typed, body.TextContent);
    }

    [Fact]
    public async Task Quotes_nest_and_hold_code()
    {
        var body = await BodyAsync("> > what she said\n> ```\n> x = 1\n> ```\n> and `y`");

        Assert.Equal("what she said", body.QuerySelector("blockquote > blockquote")!.TextContent);
        Assert.Equal("x = 1", body.QuerySelector("blockquote > pre > code")!.TextContent);
        Assert.Equal("y", body.QuerySelector("blockquote > code")!.TextContent);
    }

    [Fact]
    public async Task Addresses_in_formatted_text_become_links_whole()
    {
        var body = await BodyAsync("**see https://example.com/snake_case_page** and _www.example.org_");

        var links = body.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["https://example.com/snake_case_page", "https://www.example.org"], links);
        Assert.Equal("see https://example.com/snake_case_page", body.QuerySelector("strong")!.TextContent);
    }

    [Fact]
    public async Task Names_stay_readable_text_so_mentions_are_still_found()
    {
        var body = await BodyAsync("**@Quiet Otter 48213** look at `this`");

        Assert.Equal("@Quiet Otter 48213 look at this", body.TextContent);
    }

    [Fact]
    public async Task Blank_lines_and_text_around_boxes_stay_as_typed()
    {
        var body = await BodyAsync("*first*\n\n\nsecond\n> quoted\n\nafter\n\n\n```\ncode\n```\n\n\nlast");

        // The quote's margin stands for the blank line that ends it; blank lines beyond it stay.
        Assert.Equal("first\n\n\nsecondquotedafter\n\ncode\nlast", body.TextContent);
        Assert.Equal("quoted", body.QuerySelector("blockquote")!.TextContent);
    }

    [Theory]
    [InlineData(1000, ">")]
    [InlineData(200, "> ")]
    [InlineData(2000, "[")]
    [InlineData(300, "**[")]
    public async Task Marks_nested_too_deep_or_too_many_to_be_worth_it_show_as_typed(int times, string mark)
    {
        var typed = string.Concat(Enumerable.Repeat(mark, times)) + " end";

        Assert.Equal(typed, (await BodyAsync(typed)).TextContent);
        Assert.Equal(typed, MessageText.ToPlain(typed));
    }

    [Fact]
    public async Task Any_text_at_all_gives_only_allowed_elements_and_web_links()
    {
        // Texts made of the marks themselves, at random (a fixed seed, so a failure repeats): what a person could type
        // by accident or on purpose. Each must render without an error, through the allow-list only.
        var random = new Random(19);
        const string alphabet = "*_~`>[]()!\\#-+=<|:&;\n  abchttps://www.x.tjavascript";
        var allowed = new HashSet<string> { "strong", "em", "del", "code", "pre", "blockquote", "a" };
        var attributes = new HashSet<string> { "href", "rel", "target", "tabindex" };
        var formatted = 0;
        for (var i = 0; i < 400; i++)
        {
            var typed = new string([.. Enumerable.Range(0, random.Next(1, 60)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            _ = MessageText.ToPlain(typed);
            var body = await BodyAsync(typed);

            var found = body.QuerySelectorAll("*").Select(e => e.LocalName).Where(n => !allowed.Contains(n)).ToList();
            Assert.True(found.Count == 0, $"{typed} gave {string.Join(", ", found)}");
            Assert.All(body.QuerySelectorAll("a"), a => Assert.Matches("^https?://", a.GetAttribute("href")!));
            formatted += body.Children.Length > 0 ? 1 : 0;
            Assert.All(body.QuerySelectorAll("*"), e => Assert.All(e.Attributes, attribute => Assert.Contains(attribute.Name, attributes)));
        }

        Assert.True(formatted > 40, $"only {formatted} of the texts had any formatting: the test would prove little");
    }

    [Theory]
    [InlineData("**f**ree", "free")]
    [InlineData("f~~r~~ee `money` > now", "free money > now")]
    [InlineData("> quoted **loud**\n\n[click](https://example.com)", "quoted loud\n\nclick")]
    [InlineData("plain words, no marks", "plain words, no marks")]
    [InlineData("2 * 3 * 4", "2 * 3 * 4")]
    public void The_plain_text_has_the_words_without_the_marks(string typed, string plain) =>
        Assert.Equal(plain, MessageText.ToPlain(typed));

    [Fact]
    public void Formatting_cannot_make_a_repeat_look_new() =>
        Assert.Equal(MessageText.ForComparison("buy now"), MessageText.ForComparison("**buy** _now_"));

    [Theory]
    [InlineData("[click](https://banned.example)", "click (https://banned.example)")]
    [InlineData("**[free](https://banned.example/x)** now", "free (https://banned.example/x) now")]
    [InlineData("see https://banned.example", "see https://banned.example")]
    public void Filters_and_the_repeat_check_read_the_address_behind_a_link(string typed, string read)
    {
        Assert.Equal(read, MessageMarkup.ToPlainWithAddresses(typed));
        Assert.Contains("banned.example", MessageText.ForComparison(typed));
    }

    [Fact]
    public void A_notification_shows_a_link_as_its_text_alone() =>
        Assert.Equal("click here", MessageText.ToPlain("[click here](https://example.com)"));

    [Theory]
    [InlineData("[https://bank.example](https://evil.example)", "https://evil.example")]
    [InlineData("[bank.example](https://evil.example/bank.example)", "https://evil.example/bank.example")]
    [InlineData("[www.bank.example/login](https://evil.example)", "https://evil.example")]
    [InlineData("[log in at bank.example](https://evil.example)", "https://evil.example")]
    [InlineData("[b\u0430nk.example](https://bank.example)", "https://bank.example")]
    public async Task A_link_whose_text_names_another_host_shows_as_typed_with_its_real_address(string escaped, string real)
    {
        var typed = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var body = await BodyAsync(typed);

        Assert.Equal(typed, body.TextContent);
        var links = body.QuerySelectorAll("a").ToList();
        Assert.Contains(links, a => a.GetAttribute("href") == real && a.TextContent == real);
        Assert.All(links, a => Assert.Equal(a.TextContent, a.GetAttribute("href")));
    }

    [Theory]
    [InlineData("[https://bank.example/login](https://bank.example/login?next=1)", "https://bank.example/login")]
    [InlineData("[bank.example](https://www.bank.example/)", "bank.example")]
    [InlineData("[the bank's page](https://bank.example/)", "the bank's page")]
    [InlineData("[see e.g. pi = 3.14](https://bank.example/)", "see e.g. pi = 3.14")]
    public async Task A_link_whose_text_names_its_own_host_or_none_stays_a_link(string typed, string text)
    {
        var link = Assert.Single((await BodyAsync(typed)).QuerySelectorAll("a"));

        Assert.Equal(text, link.TextContent);
        Assert.StartsWith("https://", link.GetAttribute("href"));
    }

    private static async Task<IElement> BodyAsync(string typed)
    {
        var page = await Html.ParseAsync($"<div class=\"message__body\">{MessageText.ToHtml(typed)}</div>");
        return page.QuerySelector(".message__body")!;
    }
}
