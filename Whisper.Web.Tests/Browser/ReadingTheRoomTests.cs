using Microsoft.Playwright;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Browser;

/// <summary>Reading and writing in a room as in the chat apps people know: grouping, people, mentions, keys, files.</summary>
[Collection(BrowserTests.Name)]
public sealed class ReadingTheRoomTests(BrowserFixture browsers)
{
    [Fact]
    public async Task A_lone_visitor_counts_one_and_the_people_list_follows_arrivals_and_departures()
    {
        await using var app = new WhisperApp();
        var server = app.StartOnLoopback();
        await using var alone = await browsers.NewPersonAsync(width: 390, height: 844, server: server);
        await alone.OpenAsync("/chat/tech");
        var name = await alone.JoinAsync();
        await alone.WaitForLiveAsync();
        var count = alone.Page.Locator(".presence__count");
        await Assertions.Expect(count).ToHaveTextAsync("1");

        await using var other = await browsers.NewPersonAsync(server: server);
        await other.OpenAsync("/chat/tech");
        var otherName = await other.JoinAsync();
        await other.WaitForLiveAsync();

        await Assertions.Expect(count).ToHaveTextAsync("2");
        await alone.Page.Locator(".people__toggle").ClickAsync();
        var people = alone.Page.GetByRole(AriaRole.List, new() { Name = "People here" });
        await Assertions.Expect(people.GetByRole(AriaRole.Button, new() { Name = otherName })).ToBeVisibleAsync();
        await Assertions.Expect(people.GetByRole(AriaRole.Button, new() { Name = name })).ToBeVisibleAsync();
        await alone.ScreenshotAsync("room-people-phone-light");
        // On a wide screen the list is a sidebar, open without a click.
        await Assertions.Expect(other.Page.GetByRole(AriaRole.List, new() { Name = "People here" }).GetByRole(AriaRole.Button, new() { Name = name })).ToBeVisibleAsync();

        await other.DisposeAsync();
        await Assertions.Expect(count).ToHaveTextAsync("1");
        await Assertions.Expect(people.GetByRole(AriaRole.Button, new() { Name = otherName })).ToHaveCountAsync(0);
        var problems = await alone.AccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Lines_of_one_author_are_grouped_under_a_day_line_with_local_times_and_full_dates_on_hover()
    {
        await using var app = new WhisperApp();
        var server = app.StartOnLoopback();
        var (reader, poster) = await browsers.ReaderAndPosterAsync("/chat/random", server: server);
        await using var _ = reader;
        await using var __ = poster;
        await poster.WaitForLiveAsync();

        foreach (var line in new[] { "First line", "Second line", "Third line" })
        {
            await poster.SendAsync(line);
            await reader.ExpectMessageAsync(line);
        }


        await Assertions.Expect(reader.Messages.Locator(".messages__day")).ToHaveCountAsync(1);
        Assert.False(await reader.MessageWith("First line").EvaluateAsync<bool>("m => m.classList.contains('message--continued')"));
        Assert.True(await reader.MessageWith("Second line").EvaluateAsync<bool>("m => m.classList.contains('message--continued')"));
        Assert.True(await reader.MessageWith("Third line").EvaluateAsync<bool>("m => m.classList.contains('message--continued')"));
        // The name shows once: the grouped lines keep it for screen readers only.
        Assert.True((await reader.MessageWith("Second line").Locator(".message__author").BoundingBoxAsync())!.Width <= 1);
        var time = reader.MessageWith("First line").Locator("time");
        Assert.DoesNotContain("UTC", await time.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), await time.GetAttributeAsync("title"), StringComparison.Ordinal);
        await reader.ScreenshotAsync("room-grouped-desktop-light");

        // Without script: times in UTC, said once for the page rather than on every line.
        await using var plain = await browsers.NewPersonAsync(javaScript: false, server: server);
        await plain.OpenAsync("/chat/random");
        await Assertions.Expect(plain.Page.Locator(".room__noscript")).ToContainTextAsync("Times are in UTC.");
        var everything = await plain.Page.Locator("main").InnerTextAsync();
        Assert.Equal(everything.IndexOf("UTC", StringComparison.Ordinal), everything.LastIndexOf("UTC", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_list_is_one_tab_stop_and_the_arrow_keys_Home_and_End_walk_the_messages()
    {
        await using var app = new WhisperApp();
        var (reader, poster) = await browsers.ReaderAndPosterAsync("/chat/random", readerJoins: true, server: app.StartOnLoopback());
        await using var _ = reader;
        await using var __ = poster;
        foreach (var text in new[] { "one", "two", "three" })
        {
            await poster.SendAsync(text);
        }

        await reader.ExpectMessageAsync("three");
        await reader.Messages.FocusAsync();
        var focused = "() => document.activeElement.querySelector?.('.message__body')?.textContent ?? document.activeElement.textContent";
        await reader.Page.Keyboard.PressAsync("End");
        Assert.Equal("three", await reader.Page.EvaluateAsync<string>(focused));
        await reader.Page.Keyboard.PressAsync("ArrowUp");
        Assert.Equal("two", await reader.Page.EvaluateAsync<string>(focused));
        await reader.Page.Keyboard.PressAsync("Home");
        Assert.Equal("one", await reader.Page.EvaluateAsync<string>(focused));
        // Tab reaches this message's own buttons, shown on focus, then leaves the list instead of visiting every message.
        foreach (var button in new[] { "Reply", "React", "Report" })
        {
            await reader.Page.Keyboard.PressAsync("Tab");
            Assert.Equal(button, await reader.Page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        }

        await Assertions.Expect(reader.MessageWith("one").GetByRole(AriaRole.Button, new() { Name = "Report" })).ToBeVisibleAsync();
        await reader.Page.Keyboard.PressAsync("Tab");
        Assert.False(await reader.Page.EvaluateAsync<bool>("() => document.getElementById('messages').contains(document.activeElement)"));
    }

    [Fact]
    public async Task Typing_at_and_letters_offers_the_names_here_and_a_mention_by_two_words_in_any_case_is_highlighted()
    {
        await using var app = new WhisperApp();
        var server = app.StartOnLoopback();
        await using var alice = await browsers.NewPersonAsync(server: server);
        await using var bob = await browsers.NewPersonAsync(width: 390, height: 844, server: server);
        await alice.OpenAsync("/chat/lobby");
        var aliceName = await alice.JoinAsync();
        await alice.WaitForLiveAsync();
        await bob.OpenAsync("/chat/lobby");
        await bob.JoinAsync();
        await bob.WaitForLiveAsync();
        await Assertions.Expect(bob.Page.Locator("#people .person")).ToHaveCountAsync(2);

        await bob.Composer.PressSequentiallyAsync("hi @" + aliceName[..3].ToLowerInvariant());
        var option = bob.Page.GetByRole(AriaRole.Option, new() { Name = aliceName });
        await Assertions.Expect(option).ToBeVisibleAsync();
        await bob.ScreenshotAsync("room-mention-completion-phone-light");
        await bob.Composer.PressAsync("Enter");
        await Assertions.Expect(bob.Composer).ToHaveValueAsync($"hi @{aliceName} ");
        await Assertions.Expect(option).ToBeHiddenAsync();
        await bob.Composer.PressAsync("Enter");
        await alice.ExpectMessageAsync($"hi @{aliceName}");

        var twoWords = string.Join(' ', aliceName.Split(' ')[..2]).ToUpperInvariant();
        await bob.SendAsync($"{twoWords}, look at this");
        await bob.SendAsync("nobody in particular");
        await alice.ExpectMessageAsync("nobody in particular");
        await Assertions.Expect(alice.Messages.Locator(".message--mention")).ToHaveCountAsync(2);

        // Clicking a name opens its menu; Mention writes it into the composer.
        await alice.Messages.Locator(".message:not(.message--continued) .message__author").Last.ClickAsync();
        await alice.Page.GetByRole(AriaRole.Menuitem, new() { Name = "Mention" }).ClickAsync();
        Assert.StartsWith("@", await alice.Composer.InputValueAsync(), StringComparison.Ordinal);
        Assert.True(await alice.Composer.EvaluateAsync<bool>("e => e === document.activeElement"));
    }

    [Fact]
    public async Task A_file_is_attached_by_button_drop_or_paste_shows_as_a_chip_and_Send_sends_it_with_its_caption()
    {
        var (reader, sharer) = await browsers.ReaderAndPosterAsync("/chat/random");
        await using var _ = reader;
        await using var __ = sharer;
        await sharer.WaitForLiveAsync();
        var chip = sharer.Page.Locator("#composer .chip");

        await sharer.Page.GetByLabel("Attach a file").SetInputFilesAsync(new FilePayload { Name = "chosen.png", MimeType = "image/png", Buffer = SharingFilesTests.Pixel });
        await Assertions.Expect(chip).ToContainTextAsync("chosen.png");
        await Assertions.Expect(chip.Locator("img")).ToBeVisibleAsync();
        await chip.GetByRole(AriaRole.Button, new() { Name = "Remove the file" }).ClickAsync();
        await Assertions.Expect(chip).ToHaveCountAsync(0);

        var pngBytes = string.Join(',', SharingFilesTests.Pixel);
        await sharer.Page.EvaluateAsync($$"""
            () => {
              const files = new DataTransfer();
              files.items.add(new File([new Uint8Array([{{pngBytes}}])], 'dropped.png', { type: 'image/png' }));
              document.getElementById('messages').dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
            }
            """);
        await Assertions.Expect(chip).ToContainTextAsync("dropped.png");

        await sharer.Page.EvaluateAsync($$"""
            () => {
              const files = new DataTransfer();
              files.items.add(new File([new Uint8Array([{{pngBytes}}])], 'pasted.png', { type: 'image/png' }));
              document.getElementById('composer-text').dispatchEvent(new ClipboardEvent('paste', { clipboardData: files, bubbles: true, cancelable: true }));
            }
            """);
        await Assertions.Expect(chip).ToContainTextAsync("pasted.png");
        await sharer.Composer.FillAsync("Pasted from my clipboard");
        await sharer.ScreenshotAsync("room-attached-desktop-light");
        await sharer.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Assertions.Expect(reader.Messages.GetByRole(AriaRole.Img, new() { Name = "pasted.png" })).ToBeVisibleAsync();
        await reader.ExpectMessageAsync("Pasted from my clipboard");
        await Assertions.Expect(chip).ToHaveCountAsync(0);
        // (No CSP check here: Chromium marks every input style="" after a synthetic drop, which htmx then copies.)
        Assert.Empty(await reader.CspViolationsAsync());
    }

    [Fact]
    public async Task A_post_refused_for_going_too_fast_keeps_its_text_and_its_sentence()
    {
        await using var app = new WhisperApp
        {
            Settings = { ["Whisper:RateLimits:MessagesPerWindow"] = "1", ["Whisper:RateLimits:MessageBurst"] = "1", ["Whisper:RateLimits:MessageWindow"] = "00:10:00" },
        };
        await using var person = await browsers.NewPersonAsync(width: 390, height: 844, server: app.StartOnLoopback());
        await person.OpenAsync("/chat/lobby");
        await person.JoinAsync();
        await person.WaitForLiveAsync();
        await Assertions.Expect(person.Composer).ToBeFocusedAsync();

        await person.SendAsync("The one allowed");
        await person.ExpectMessageAsync("The one allowed");
        await person.SendAsync("One too many");

        await Assertions.Expect(person.ComposerError).ToContainTextAsync("Slow down");
        await Assertions.Expect(person.Composer).ToHaveValueAsync("One too many");
        await person.ScreenshotAsync("room-refused-phone-light");
    }

    [Fact]
    public async Task Messages_arriving_while_the_tab_is_hidden_are_counted_in_its_title_until_it_is_seen()
    {
        var (reader, poster) = await browsers.ReaderAndPosterAsync("/chat/tech");
        await using var _ = reader;
        await using var __ = poster;
        var title = await reader.Page.TitleAsync();
        await reader.SetHiddenAsync(true);

        await poster.SendAsync("While you were away");
        await poster.SendAsync("And again");
        await reader.ExpectMessageAsync("And again");

        await Assertions.Expect(reader.Page).ToHaveTitleAsync($"(2) {title}");
        Assert.Matches("^/icons/whisper-unread\\.[a-z0-9]{10}\\.svg$", await reader.Page.Locator("link[rel=icon]").GetAttributeAsync("href"));
        await reader.SetHiddenAsync(false);
        await Assertions.Expect(reader.Page).ToHaveTitleAsync(title);
    }
}
