using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class StrangersTests(BrowserFixture browsers)
{
    [Fact]
    public async Task Two_strangers_are_matched_talk_by_text_and_skipping_tells_the_other()
    {
        await using var alice = await browsers.NewPersonAsync();
        await using var bob = await browsers.NewPersonAsync(width: 390, height: 844, colorScheme: "dark");
        foreach (var person in new[] { alice, bob })
        {
            await person.OpenAsync("/talk");
            await person.Page.Locator("input[name=interests]").FillAsync("textchat");
            await person.Page.GetByLabel("I am 18 or older").CheckAsync();
            await person.Page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        }

        foreach (var person in new[] { alice, bob })
        {
            await Assertions.Expect(person.Page.Locator(".talk-status")).ToHaveAttributeAsync("data-state", "matched");
        }

        await alice.Page.GetByLabel("Message to the stranger").FillAsync("Hello, stranger from far away");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        var conversation = bob.Page.GetByRole(AriaRole.Log, new() { Name = "Conversation" });
        await Assertions.Expect(conversation.Locator(".talk-line--theirs")).ToContainTextAsync("Hello, stranger from far away");
        await bob.Page.GetByLabel("Message to the stranger").FillAsync("Hi! Greetings back");
        await bob.Page.GetByLabel("Message to the stranger").PressAsync("Enter");
        await Assertions.Expect(alice.Page.Locator(".talk-line--theirs")).ToContainTextAsync("Hi! Greetings back");
        Assert.Equal("", await alice.Page.GetByLabel("Message to the stranger").InputValueAsync());
        await bob.ScreenshotAsync("talk-phone-dark");
        Assert.Empty(await bob.AccessibilityProblemsAsync());

        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();

        await Assertions.Expect(alice.Page.Locator(".talk-status")).ToHaveAttributeAsync("data-state", "left");
        await Assertions.Expect(alice.Page.GetByText("Stranger left")).ToBeVisibleAsync();
        Assert.True(await alice.Page.GetByLabel("Message to the stranger").IsDisabledAsync());
        await alice.ScreenshotAsync("talk-desktop-light");
        Assert.Empty(await alice.CspViolationsAsync());
        Assert.Empty(alice.ConsoleErrors);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("video")]
    public async Task A_stranger_cannot_act_in_their_partners_page_through_signals(string mode)
    {
        await using var attacker = await browsers.NewPersonAsync();
        await using var victim = await browsers.NewPersonAsync();
        // The victim has a name to lose: the exploit's form posted to /me/delete.
        await victim.OpenAsync("/chat/lobby");
        await victim.JoinAsync();
        foreach (var person in new[] { attacker, victim })
        {
            await person.OpenAsync("/talk");
            await person.Page.GetByLabel(mode == "text" ? "Text" : "Video").CheckAsync();
            // An interest of their own: someone from another test still leaving the line cannot take their place.
            await person.Page.Locator("input[name=interests]").FillAsync("signals" + mode);
            await person.Page.GetByLabel("I am 18 or older").CheckAsync();
            await person.Page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        }

        foreach (var person in new[] { attacker, victim })
        {
            await Assertions.Expect(person.Page.Locator(".talk-status")).ToHaveAttributeAsync("data-state", "matched");
        }

        var title = await victim.Page.TitleAsync();
        var url = victim.Page.Url;
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        victim.Page.Request += (_, request) => requests.Enqueue(request.Method + " " + request.Url);
        string[] payloads =
        [
            """<div id="talk-typing" hx-swap-oob="beforeend"><form hx-post="/me/delete" hx-trigger="load" hx-vals='{"confirm":"true"}'></form></div>""",
            "<title>Your session expired: log in again at evil.example</title>",
            """<meta http-equiv="refresh" content="0;url=/me">""",
        ];
        // Sent raw, each is refused; wrapped in a valid signal's text, each passes as data and stays data.
        var statuses = await attacker.Page.EvaluateAsync<int[]>(
            """
            async (payloads) => {
              const send = (signal) => {
                const body = new FormData();
                body.set('session', document.querySelector('.talk').dataset.session);
                body.set('signal', signal);
                return fetch('/talk/signal', { method: 'POST', body, headers: { RequestVerificationToken: document.querySelector('meta[name=antiforgery-token]').content } })
                  .then((r) => r.status);
              };
              const statuses = [];
              for (const p of payloads) statuses.push(await send(p));
              for (const p of payloads) statuses.push(await send(JSON.stringify({ candidate: { candidate: p } })));
              return statuses;
            }
            """,
            payloads);
        // A line sent after them arrives after them: by then the signals have been delivered.
        await attacker.Page.GetByLabel("Message to the stranger").FillAsync("after the signals");
        await attacker.Page.GetByLabel("Message to the stranger").PressAsync("Enter");
        await Assertions.Expect(victim.Page.Locator(".talk-line--theirs")).ToContainTextAsync("after the signals");

        Assert.Equal([422, 422, 422, 204, 204, 204], statuses);
        Assert.Equal(title, await victim.Page.TitleAsync());
        Assert.Equal(url, victim.Page.Url);
        // Its own call's signals and static images aside, the victim's page asked for nothing.
        Assert.DoesNotContain(requests, r => !r.EndsWith("/talk/signal", StringComparison.Ordinal) && !r.Contains("/avatars/", StringComparison.Ordinal) && !r.Contains("/icons/", StringComparison.Ordinal));
        Assert.Equal(0, await victim.Page.Locator("#talk-typing form, meta[http-equiv]").CountAsync());
        await victim.OpenAsync("/chat/lobby");
        await Assertions.Expect(victim.Page.Locator(".me[data-me]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Two_strangers_talk_by_voice_peer_to_peer_and_their_text_skips_the_server()
    {
        await using var alice = await browsers.NewPersonAsync();
        await using var bob = await browsers.NewPersonAsync();
        foreach (var person in new[] { alice, bob })
        {
            await person.OpenAsync("/talk");
            await person.Page.GetByLabel("Voice").CheckAsync();
            await person.Page.Locator("input[name=interests]").FillAsync("voicecall");
            await person.Page.GetByLabel("I am 18 or older").CheckAsync();
            await person.Page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        }

        foreach (var person in new[] { alice, bob })
        {
            await Assertions.Expect(person.Page.Locator(".talk")).ToHaveAttributeAsync("data-call", "connected", new() { Timeout = 20_000 });
            await person.Page.WaitForFunctionAsync("() => document.querySelector('.talk__remote').srcObject?.getAudioTracks().length > 0");
        }

        var relayed = new List<string>();
        alice.Page.Request += (_, request) => { if (request.Url.Contains("/talk/messages", StringComparison.Ordinal)) relayed.Add(request.Url); };
        bob.Page.Request += (_, request) => { if (request.Url.Contains("/talk/messages", StringComparison.Ordinal)) relayed.Add(request.Url); };
        await alice.Page.WaitForFunctionAsync("() => true");
        await alice.Page.GetByLabel("Message to the stranger").FillAsync("Can you hear me?");
        await alice.Page.GetByLabel("Message to the stranger").PressAsync("Enter");
        await Assertions.Expect(bob.Page.Locator(".talk-line--theirs")).ToContainTextAsync("Can you hear me?");
        await bob.Page.GetByLabel("Message to the stranger").FillAsync("Loud and clear");
        await bob.Page.GetByLabel("Message to the stranger").PressAsync("Enter");
        await Assertions.Expect(alice.Page.Locator(".talk-line--theirs")).ToContainTextAsync("Loud and clear");
        Assert.Empty(relayed);
        Assert.Empty(await alice.CspViolationsAsync());

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();
        await Assertions.Expect(bob.Page.GetByText("Stranger left")).ToBeVisibleAsync();
        await Assertions.Expect(bob.Page.Locator(".talk")).Not.ToHaveAttributeAsync("data-call", "connected");
    }
}
