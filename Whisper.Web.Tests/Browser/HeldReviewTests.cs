using Microsoft.Playwright;
using Whisper.Web.Moderation;

namespace Whisper.Web.Tests.Browser;

/// <summary>A moderator watching a room sees a filter's held message arrive, marked held, and approves or removes it there.</summary>
[Collection(BrowserTests.Name)]
public sealed class HeldReviewTests(BrowserFixture browsers)
{
    [Theory]
    [InlineData(1366, 900, "light")]
    [InlineData(1366, 900, "dark")]
    [InlineData(390, 844, "light")]
    [InlineData(390, 844, "dark")]
    public async Task A_held_message_arrives_in_the_moderators_room_view_and_is_approved_or_removed_there(int width, int height, string scheme)
    {
        // A word of this run only, in this room only, so the shared app's other tests never meet the filter.
        var word = $"heldword{width}{scheme}";
        var filters = browsers.App.Service<Filters>();
        await filters.AddAsync(new Filter(0, word, IsRegex: false, FilterAction.Hold, "random", "", 60));
        try
        {
            await using var admin = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height);
            await admin.LogInAsAdminAsync();
            await admin.OpenAsync("/admin/chat/random");
            await admin.WaitForLiveAsync();
            var held = admin.Page.GetByRole(AriaRole.Region, new() { Name = "Held for review" });
            await Assertions.Expect(held).ToBeHiddenAsync();
            await using var author = await browsers.NewPersonAsync();
            await author.OpenAsync("/chat/random");
            await author.JoinAsync();

            await author.SendAsync($"first {word} to approve");
            await author.SendAsync($"second {word} to remove");

            var first = held.Locator(".held", new() { HasText = $"first {word} to approve" });
            await Assertions.Expect(first).ToBeVisibleAsync();
            await Assertions.Expect(first.Locator(".held__mark")).ToHaveTextAsync("Held");
            await Assertions.Expect(held.Locator(".held")).ToHaveCountAsync(2);
            await admin.ExpectInViewportAsync(first.GetByRole(AriaRole.Button, new() { NameRegex = new("^Approve") }), "the Approve button");
            await admin.ExpectFitsWithoutScrollingAsync();
            await admin.ScreenshotAsync($"admin-room-held-{(width < 600 ? "phone" : "desktop")}-{scheme}");
            Assert.Empty(await admin.AccessibilityProblemsAsync());

            await first.GetByRole(AriaRole.Button, new() { NameRegex = new("^Approve") }).ClickAsync();
            await Assertions.Expect(first).ToHaveCountAsync(0);
            await admin.ExpectMessageAsync($"first {word} to approve");
            await held.Locator(".held", new() { HasText = "to remove" }).GetByRole(AriaRole.Button, new() { NameRegex = new("^Remove") }).ClickAsync();
            await Assertions.Expect(held).ToBeHiddenAsync();
            await Assertions.Expect(admin.MessageWith($"second {word} to remove")).ToHaveCountAsync(0);
            Assert.Empty(admin.ConsoleErrors);
            Assert.Empty(await admin.CspViolationsAsync());
        }
        finally
        {
            foreach (var filter in filters.All.Where(f => f.Pattern == word))
            {
                await filters.RemoveAsync(filter.Id);
            }
        }
    }
}
