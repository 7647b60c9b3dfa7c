using Microsoft.Playwright;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Browser;

/// <summary>Two people answering, reacting to, editing, deleting and ignoring each other, live.</summary>
[Collection(BrowserTests.Name)]
public sealed class ConversingTests(BrowserFixture browsers)
{
    [Fact]
    public async Task Two_people_reply_react_edit_delete_and_ignore_each_other_live()
    {
        await using var app = new WhisperApp();
        var server = app.StartOnLoopback();
        await using var phone = await browsers.NewPersonAsync(width: 390, height: 844, server: server);
        await using var desk = await browsers.NewPersonAsync(colorScheme: "dark", width: 1366, height: 900, server: server);
        await phone.OpenAsync("/chat/lobby");
        var phoneName = await phone.JoinAsync();
        await phone.WaitForLiveAsync();
        await desk.OpenAsync("/chat/lobby");
        var deskName = await desk.JoinAsync();
        await desk.WaitForLiveAsync();

        await phone.SendAsync("Anyone up for chess?");
        await desk.ExpectMessageAsync("Anyone up for chess?");
        await desk.SendAsync("Hello from the desk");
        await phone.ExpectMessageAsync("Hello from the desk");

        // Reply: the answer quotes the question, and it counts as a mention of the one asked.
        await desk.MessageWith("Anyone up for chess?").GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await Assertions.Expect(desk.Page.Locator(".composer__context")).ToContainTextAsync($"Replying to {phoneName}");
        await desk.SendAsync("Always");
        await phone.ExpectMessageAsync("Always");
        var answer = phone.MessageWith("Always");
        await Assertions.Expect(answer.Locator(".message__quote")).ToContainTextAsync("Anyone up for chess?");
        await Assertions.Expect(answer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("message--mention"));
        await Assertions.Expect(desk.Page.Locator(".composer__context")).ToBeHiddenAsync();
        await answer.Locator(".message__quote").ClickAsync();
        await Assertions.Expect(phone.MessageWith("Anyone up for chess?")).ToBeFocusedAsync();

        // React: from the menu on one side, with the count's own button on the other; both see both, and who.
        // A reaction to one's own message counts as a mention: a hidden tab counts it as unread.
        await phone.SetHiddenAsync(true);
        var question = desk.MessageWith("Anyone up for chess?");
        await question.GetByRole(AriaRole.Button, new() { Name = "React" }).ClickAsync();
        await desk.Page.GetByRole(AriaRole.Form, new() { Name = "Reactions" }).GetByRole(AriaRole.Button, new() { Name = "Thumbs up" }).ClickAsync();
        var onPhone = phone.MessageWith("Anyone up for chess?").Locator(".reactions button");
        await Assertions.Expect(onPhone).ToHaveTextAsync("👍 1");
        await Assertions.Expect(onPhone).ToHaveAttributeAsync("title", deskName);
        await Assertions.Expect(phone.Page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"^\(1\) "));
        await phone.SetHiddenAsync(false);
        await onPhone.ClickAsync();
        await Assertions.Expect(question.Locator(".reactions button")).ToHaveTextAsync("👍 2");
        await Assertions.Expect(onPhone).ToHaveAttributeAsync("title", $"{deskName}, {phoneName}");

        // Edit: the question changes on both pages, marked edited, its reactions kept.
        await phone.MessageWith("Anyone up for chess?").GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(phone.Composer).ToHaveValueAsync("Anyone up for chess?");
        await Assertions.Expect(phone.MessageWith("Hello from the desk").GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeHiddenAsync();
        await phone.SendAsync("Anyone up for chess tonight?");
        await desk.ExpectMessageAsync("Anyone up for chess tonight?");
        var edited = desk.MessageWith("Anyone up for chess tonight?");
        await Assertions.Expect(edited.Locator(".message__edited")).ToBeVisibleAsync();
        await Assertions.Expect(edited.Locator(".reactions button")).ToHaveTextAsync("👍 2");
        await Assertions.Expect(desk.Messages.Locator(".message__body", new() { HasText = "Anyone up for chess?" })).ToHaveCountAsync(0);
        var answerQuote = desk.MessageWith("Always").Locator(".message__quote");
        await Assertions.Expect(answerQuote).ToContainTextAsync("Anyone up for chess tonight?");
        // Set apart from a typed "> quote": the answer's arrow and a background of its own.
        Assert.Contains("↩", await answerQuote.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content"));
        Assert.NotEqual("rgba(0, 0, 0, 0)", await answerQuote.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await phone.ExpectInViewportAsync(phone.Composer, "the phone's composer");
        await desk.ExpectInViewportAsync(desk.Composer, "the desk's composer");
        await phone.ExpectFitsWithoutScrollingAsync();
        await desk.ExpectFitsWithoutScrollingAsync();
        await phone.ScreenshotAsync("conversation-phone-light");
        await desk.ScreenshotAsync("conversation-desktop-dark");

        // Ignore: from the name's menu; the phone hides the desk's lines and its reaction, and lists it to undo.
        await phone.MessageWith("Hello from the desk").Locator(".message__author").ClickAsync();
        await phone.Page.GetByRole(AriaRole.Menuitem, new() { Name = "Ignore" }).ClickAsync();
        await Assertions.Expect(phone.MessageWith("Hello from the desk")).ToBeHiddenAsync();
        await Assertions.Expect(phone.MessageWith("Anyone up for chess tonight?").Locator(".reactions button")).ToHaveTextAsync("👍 1");
        await desk.SendAsync("Are you ignoring me?");
        await Assertions.Expect(phone.MessageWith("Are you ignoring me?")).ToBeHiddenAsync();
        Assert.Equal($"[\"{deskName}\"]", await phone.Page.EvaluateAsync<string>("() => localStorage.getItem('whisper-ignored')"));
        await phone.Page.Locator(".me-menu summary").ClickAsync();
        await phone.ScreenshotAsync("conversation-ignored-phone-light");
        var problems = await phone.AccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = $"Stop ignoring: {deskName}" }).ClickAsync();
        await Assertions.Expect(phone.MessageWith("Hello from the desk")).ToBeVisibleAsync();
        await Assertions.Expect(phone.MessageWith("Anyone up for chess tonight?").Locator(".reactions button")).ToHaveTextAsync("👍 2");

        // Delete: the desk takes its answer back, live on both pages; nobody may delete what another wrote.
        desk.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await desk.MessageWith("Always").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(phone.MessageWith("Always")).ToHaveCountAsync(0);
        await Assertions.Expect(desk.MessageWith("Always")).ToHaveCountAsync(0);
        await Assertions.Expect(phone.MessageWith("Hello from the desk").GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeHiddenAsync();

        problems = await desk.AccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True((await phone.CspViolationsAsync()).Count == 0, string.Join("\n", await phone.CspViolationsAsync()));
        Assert.True((await desk.CspViolationsAsync()).Count == 0, string.Join("\n", await desk.CspViolationsAsync()));
    }

    [Fact]
    public async Task A_message_from_the_stream_gets_the_same_buttons_in_spanish_as_after_a_reload()
    {
        await using var app = new WhisperApp();
        var server = app.StartOnLoopback();
        await using var reader = await browsers.NewPersonAsync(width: 390, height: 844, server: server, locale: "es-ES");
        await using var poster = await browsers.NewPersonAsync(colorScheme: "dark", width: 1366, height: 900, server: server, locale: "es-ES");
        foreach (var person in new[] { reader, poster })
        {
            await person.OpenAsync("/chat/lobby");
            await person.Page.Locator(".join__consent input").CheckAsync();
            await person.Page.Locator(".join button[type=submit]").ClickAsync();
            await person.Page.Locator(".me[data-me]").WaitForAsync();
            await person.WaitForLiveAsync();
        }

        await poster.Page.Locator("#composer-text").FillAsync("hola, ¿qué tal?");
        await poster.Page.GetByRole(AriaRole.Button, new() { Name = "Enviar", Exact = true }).ClickAsync();
        var live = Said(reader);
        await Assertions.Expect(live).ToBeVisibleAsync();
        var sequence = (await live.GetAttributeAsync("id"))![("m-lobby-".Length)..];
        var byStream = await ButtonsOf(live);
        Assert.Equal(["Responder", "Reaccionar", "Editar", "Denunciar", "Borrar"], byStream.Where(b => b.StartsWith("BUTTON", StringComparison.Ordinal)).Select(b => b.Split(' ')[^1]));
        Assert.All(byStream.Where(b => b.StartsWith("BUTTON", StringComparison.Ordinal)), b => Assert.Contains($"value={sequence} ", b, StringComparison.Ordinal));
        await reader.ScreenshotAsync("stream-buttons-es-phone-light");

        // The buttons the script added act: Reply ("Responder") answers that message.
        await live.FocusAsync();
        await live.GetByRole(AriaRole.Button, new() { Name = "Responder" }).ClickAsync();
        await Assertions.Expect(reader.Page.Locator(".composer__context")).ToBeVisibleAsync();
        Assert.Equal(sequence, await reader.Page.Locator("#composer input[name=reply]").InputValueAsync());

        await reader.Page.ReloadAsync();
        var reloaded = Said(reader);
        await Assertions.Expect(reloaded).ToBeVisibleAsync();
        Assert.Equal(byStream, await ButtonsOf(reloaded));

        // The poster's own message came back by the stream too: its Edit and Delete show, as they do after a reload.
        var own = Said(poster);
        await own.HoverAsync();
        await Assertions.Expect(own.GetByRole(AriaRole.Button, new() { Name = "Borrar" })).ToBeVisibleAsync();
        await Assertions.Expect(own.GetByRole(AriaRole.Button, new() { Name = "Editar" })).ToBeVisibleAsync();
        await Assertions.Expect(own.GetByRole(AriaRole.Button, new() { Name = "Denunciar" })).ToBeHiddenAsync();
        await poster.ScreenshotAsync("stream-buttons-es-desktop-dark");
        var problems = await reader.AccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The one message of that test, found without the page's English words (the list's name is in Spanish).</summary>
    private static ILocator Said(ChatPage person) => person.Page.Locator("#messages article.message").Filter(new() { HasText = "hola, ¿qué tal?" });

    /// <summary>Every control of a message's buttons as one line: element, form, name, value, type, link and label.</summary>
    private static async Task<string[]> ButtonsOf(ILocator message) => await message.Locator(".message__actions > *").EvaluateAllAsync<string[]>(
        "all => all.map(e => `${e.tagName} form=${e.getAttribute('form')} name=${e.getAttribute('name')} value=${e.getAttribute('value')} type=${e.getAttribute('type')} href=${e.getAttribute('href')} ${e.textContent}`)");

    [Fact]
    public async Task The_reply_preview_shows_exactly_the_quote_the_answer_will_carry()
    {
        await using var app = new WhisperApp();
        var server = app.StartOnLoopback();
        await using var phone = await browsers.NewPersonAsync(width: 390, height: 844, server: server);
        await phone.OpenAsync("/chat/lobby");
        var name = await phone.JoinAsync();
        await phone.WaitForLiveAsync();
        // Formatting marks and emoji with skin tones across the cut: the page's text and the quote differ unless one rule cuts both.
        await phone.SendAsync("**Tonight**: " + string.Concat(Enumerable.Repeat("we play 👍🏽 ", 9)));
        var original = phone.Messages.Locator("article.message").Filter(new() { HasText = "Tonight" });
        await Assertions.Expect(original).ToHaveCountAsync(1);

        await original.GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        var preview = phone.Page.Locator(".composer__quote-excerpt");
        await Assertions.Expect(preview).ToContainTextAsync("Tonight: we play 👍🏽");
        var shownBeforeSending = await preview.TextContentAsync();
        await phone.SendAsync("Count me in");

        var quote = phone.MessageWith("Count me in").Locator(".message__quote");
        await Assertions.Expect(quote).ToHaveTextAsync($"{name} {shownBeforeSending}");
        Assert.EndsWith("…", shownBeforeSending, StringComparison.Ordinal);
        Assert.True((await phone.CspViolationsAsync()).Count == 0, string.Join("\n", await phone.CspViolationsAsync()));
    }

    [Fact]
    public async Task Without_script_a_person_replies_reacts_and_deletes_through_the_room_page()
    {
        await using var app = new WhisperApp();
        var server = app.StartOnLoopback();
        await using var plain = await browsers.NewPersonAsync(javaScript: false, width: 1366, height: 900, server: server);
        await using var phone = await browsers.NewPersonAsync(colorScheme: "dark", width: 390, height: 844, server: server);
        await phone.OpenAsync("/chat/tech");
        var phoneName = await phone.JoinAsync();
        await phone.WaitForLiveAsync();
        await plain.OpenAsync("/chat/tech");
        await plain.JoinAsync();
        await phone.SendAsync("Does this work without script?");
        await phone.ExpectMessageAsync("Does this work without script?");
        await plain.Page.ReloadAsync();

        // Reply: the room page comes back with the composer answering the message.
        await plain.MessageWith("Does this work without script?").GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await Assertions.Expect(plain.Page.Locator(".composer__context")).ToContainTextAsync($"Replying to {phoneName}");
        await plain.ExpectInViewportAsync(plain.Composer, "the composer answering");
        await plain.SendAsync("It does");
        await phone.ExpectMessageAsync("It does");
        await Assertions.Expect(phone.MessageWith("It does").Locator(".message__quote")).ToContainTextAsync("Does this work without script?");

        // React: the six reactions above the composer, one button each.
        await plain.MessageWith("Does this work without script?").GetByRole(AriaRole.Button, new() { Name = "React" }).ClickAsync();
        var choice = plain.Page.GetByRole(AriaRole.Form, new() { Name = "Reactions" });
        await Assertions.Expect(choice.GetByRole(AriaRole.Button)).ToHaveCountAsync(6);
        await plain.ScreenshotAsync("conversation-no-script-react-desktop-light");
        // Without script the browser's file control and "Send file" have a line of their own under the text box.
        var textBox = await plain.Composer.BoundingBoxAsync();
        var fileControl = await plain.Page.Locator(".composer__file").BoundingBoxAsync();
        var sendFile = await plain.Page.Locator(".composer__send-file").BoundingBoxAsync();
        Assert.True(fileControl!.Y >= textBox!.Y + textBox.Height && sendFile!.Y >= textBox.Y + textBox.Height, "the file row shares the text box's line");
        Assert.True(textBox.Width > 600, $"the text box is only {textBox.Width} px wide");
        await choice.GetByRole(AriaRole.Button, new() { Name = "Heart" }).ClickAsync();
        await Assertions.Expect(phone.MessageWith("Does this work without script?").Locator(".reactions button")).ToHaveTextAsync("❤️ 1");
        await Assertions.Expect(choice).ToHaveCountAsync(0);

        // Delete: the answer goes from the phone, live.
        await plain.MessageWith("It does").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(phone.MessageWith("It does")).ToHaveCountAsync(0);
        await Assertions.Expect(plain.MessageWith("It does")).ToHaveCountAsync(0);

        await phone.MessageWith("Does this work without script?").GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await phone.ExpectFitsWithoutScrollingAsync();
        await phone.ExpectInViewportAsync(phone.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }), "Send while answering");
        await phone.ExpectInViewportAsync(phone.Page.Locator(".composer__cancel"), "Cancel while answering");
        await phone.ScreenshotAsync("conversation-replying-phone-dark");
        // axe needs script, so it reads the phone's page, answering, with the same markup.
        var problems = await phone.AccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
