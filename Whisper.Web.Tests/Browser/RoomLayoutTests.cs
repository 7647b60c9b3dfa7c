using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

/// <summary>The room on a phone first: how much of the screen the messages get, and that nothing moves as the page settles.</summary>
[Collection(BrowserTests.Name)]
public sealed class RoomLayoutTests(BrowserFixture browsers)
{
    public static TheoryData<string, int, int> Screens => new()
    {
        { "light", 390, 844 },
        { "dark", 390, 844 },
        { "light", 1366, 900 },
        { "dark", 1366, 900 },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task The_messages_get_most_of_the_screen_with_the_composer_shown_and_nothing_moves(string scheme, int width, int height)
    {
        // A phone's screen is a touch screen, without a pointer that hovers.
        await using var person = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height, touch: width < 600);
        await person.CountLayoutShiftsAsync();
        await person.OpenAsync("/chat/lobby");
        await Assertions.Expect(person.Page.GetByRole(AriaRole.Button, new() { Name = "Join" })).ToBeVisibleAsync();
        // The room as it loads for a visitor: nothing moves before they touch it.
        var loadShift = await person.LayoutShiftAsync();
        var loadShifts = await person.Page.EvaluateAsync<string>("() => JSON.stringify(window.__shifts)");
        await person.JoinAsync();
        // Joining swaps the join form for the composer, a taller answer to the click; how late the swap lands decides
        // whether the browser still counts it as input-driven, so counting starts again once the composer is there.
        await Assertions.Expect(person.Composer).ToBeVisibleAsync();
        await person.ResetLayoutShiftsAsync();
        await person.WaitForLiveAsync();
        await Assertions.Expect(person.Messages).ToBeVisibleAsync();
        // Measured once the page has settled (stream open, scripts run), before anything is typed: the joined room as it loads.
        var shift = await person.LayoutShiftAsync();
        var shifts = await person.Page.EvaluateAsync<string>("() => JSON.stringify(window.__shifts)");
        await person.SendAsync($"{width}×{height} {scheme}");
        await person.ExpectMessageAsync($"{width}×{height} {scheme}");

        var list = await Box(person.Messages);
        var composer = await Box(person.Composer);
        var send = await Box(person.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }));
        Assert.True(list.Height / height >= 0.70, $"the list is {list.Height} of {height} px ({list.Height / height:P0})");
        Assert.True(composer.Y + composer.Height <= height && send.X + send.Width <= width, "the composer does not fit on the screen");
        Assert.True(await person.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways");
        // The room switcher, who is here, the bell and your name share one row.
        var header = await Box(person.Page.Locator(".room__header"));
        foreach (var part in new[] { ".room-nav", ".people__toggle", ".bell", ".me" })
        {
            var box = await Box(person.Page.Locator(part));
            Assert.True(box.Y >= header.Y && box.Y + box.Height <= header.Y + header.Height, $"{part} is not in the header row");
        }

        var device = width < 600 ? "phone" : "desktop";
        await person.ScreenshotAsync($"room-joined-{device}-{scheme}");
        Assert.True(loadShift == 0, loadShifts);
        Assert.True(shift == 0, shifts);
        var problems = await person.AccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(await person.CspViolationsAsync());
    }

    [Fact]
    public async Task On_a_touch_phone_the_text_takes_the_width_and_a_tap_shows_that_messages_buttons()
    {
        await using var phone = await browsers.NewPersonAsync(width: 390, height: 844, touch: true);
        await phone.OpenAsync("/chat/random");
        await phone.JoinAsync();
        await phone.WaitForLiveAsync();
        const string Long = "A message long enough to fill a phone's line twice over, to see how wide its text may run";
        await phone.SendAsync(Long);
        await phone.SendAsync("and one after it");
        await phone.ExpectMessageAsync("and one after it");

        var message = phone.MessageWith(Long);
        var text = await Box(message.Locator(".message__body"));
        var list = await Box(phone.Messages);
        Assert.True(text.Width >= list.Width * 0.75, $"the text is {text.Width} of {list.Width} px wide");
        // Untapped, the buttons show nothing and take no tap, but stay for a screen reader.
        var reply = message.GetByRole(AriaRole.Button, new() { Name = "Reply" });
        var actions = message.Locator(".message__actions");
        await Assertions.Expect(actions).ToHaveCSSAsync("opacity", "0");
        await Assertions.Expect(actions).ToHaveCSSAsync("pointer-events", "none");

        await message.Locator(".message__body").TapAsync();
        await Assertions.Expect(actions).ToHaveCSSAsync("opacity", "1");
        await Assertions.Expect(actions).ToHaveCSSAsync("pointer-events", "auto");
        await Assertions.Expect(phone.MessageWith("and one after it").Locator(".message__actions")).ToHaveCSSAsync("opacity", "0");
        await phone.ScreenshotAsync("room-touch-tapped-phone-light");
        await reply.TapAsync();
        await Assertions.Expect(phone.Page.Locator(".composer__context")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_pinned_announcement_takes_one_line_until_opened()
    {
        await using var app = new Support.WhisperApp();
        var server = app.StartOnLoopback();
        var room = app.Service<Whisper.Web.Rooms.RoomRegistry>().Find("tech")!;
        await app.Service<Whisper.Web.Rooms.RoomChat>().PinAsync(room, "Welcome! Be kind, stay on topic, and remember that everything here is public and kept only for the last 500 messages.");
        await using var person = await browsers.NewPersonAsync(width: 390, height: 844, server: server);
        await person.OpenAsync("/chat/tech");
        await person.JoinAsync();
        await person.WaitForLiveAsync();

        var pinned = person.Page.Locator("#pinned");
        Assert.True((await Box(pinned)).Height <= 40, "the pinned announcement takes more than one line");
        Assert.True((await Box(person.Messages)).Height / 844 >= 0.70);
        await person.ScreenshotAsync("room-pinned-phone-light");
        await pinned.Locator(".pinned__summary").ClickAsync();
        await Assertions.Expect(pinned.Locator(".pinned__body")).ToBeVisibleAsync();
        Assert.True((await Box(pinned)).Height > 40, "the opened announcement shows all of it");
    }

    private static async Task<LocatorBoundingBoxResult> Box(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException($"{locator} is not shown");
}
