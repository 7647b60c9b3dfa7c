using Microsoft.Playwright;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class ModeratingTests(BrowserFixture browsers)
{
    [Fact]
    public async Task An_admin_deletes_a_message_and_it_disappears_live_from_another_visitors_page()
    {
        var (reader, poster) = await browsers.ReaderAndPosterAsync("/chat/tech");
        await using var _ = reader;
        await using var __ = poster;
        await using var admin = await browsers.NewPersonAsync();
        await poster.WaitForLiveAsync();
        await poster.SendAsync("Spam that has to go");
        await reader.ExpectMessageAsync("Spam that has to go");
        await admin.LogInAsAdminAsync();
        await admin.OpenAsync("/admin/chat/tech");
        await admin.WaitForLiveAsync();
        Assert.Equal(0, await reader.MessageWith("Spam that has to go").GetByRole(AriaRole.Button, new() { Name = "Delete" }).CountAsync());

        var ban = admin.MessageWith("Spam that has to go").GetByRole(AriaRole.Link, new() { Name = "Ban" });
        Assert.StartsWith("/admin/bans/new?name=", await ban.GetAttributeAsync("href"), StringComparison.Ordinal);

        // The ban form shows what the name wrote, so the admin sees what they act on.
        var banPage = await admin.Page.Context.NewPageAsync();
        await banPage.GotoAsync((await ban.GetAttributeAsync("href"))!);
        await Assertions.Expect(banPage.Locator(".ban-recent")).ToContainTextAsync("Spam that has to go");
        await banPage.CloseAsync();

        // Deleting asks first: dismissed, nothing happens; accepted, the message goes.
        var asked = new List<string>();
        void Dismiss(object? sender, IDialog dialog) { asked.Add(dialog.Message); dialog.DismissAsync(); }
        admin.Page.Dialog += Dismiss;
        await admin.MessageWith("Spam that has to go").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        Assert.True(await Eventually.HoldsAsync(() => asked.Count == 1));
        Assert.Equal("Delete this message for everyone?", asked[0]);
        await Assertions.Expect(reader.MessageWith("Spam that has to go")).ToHaveCountAsync(1);
        admin.Page.Dialog -= Dismiss;
        admin.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await admin.MessageWith("Spam that has to go").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Assertions.Expect(reader.MessageWith("Spam that has to go")).ToHaveCountAsync(0);
        await Assertions.Expect(poster.MessageWith("Spam that has to go")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.MessageWith("Spam that has to go")).ToHaveCountAsync(0);
        // The stream carried on: the next message still arrives.
        await poster.SendAsync("Sorry, carrying on");
        await reader.ExpectMessageAsync("Sorry, carrying on");
        Assert.Empty(admin.ConsoleErrors);
        Assert.Empty(await admin.CspViolationsAsync());
    }

    [Fact]
    public async Task An_announcement_appears_live_and_stays_pinned_above_the_messages()
    {
        await using var reader = await browsers.NewPersonAsync();
        await using var admin = await browsers.NewPersonAsync();
        await reader.OpenAsync("/chat/random");
        await reader.WaitForLiveAsync();
        await admin.LogInAsAdminAsync();
        await admin.OpenAsync("/admin/chat/random");

        await admin.Page.GetByLabel("Announcement to this room").FillAsync("Quiz night starts at eight");
        await admin.Page.GetByLabel("Pin it above the messages").CheckAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Announce" }).ClickAsync();

        await Assertions.Expect(reader.Messages.Locator(".message--announcement .message__body", new() { HasTextString = "Quiz night starts at eight" })).ToBeVisibleAsync();
        var pinned = reader.Page.GetByRole(AriaRole.Region, new() { Name = "Pinned announcement" });
        await Assertions.Expect(pinned).ToContainTextAsync("Quiz night starts at eight");
        await reader.ScreenshotAsync("room-announcement-desktop-light");
        Assert.Empty(await reader.AccessibilityProblemsAsync());
        Assert.Empty(reader.ConsoleErrors);
    }

    [Fact]
    public async Task A_visitor_reports_a_message_and_the_admin_finds_it_in_the_queue()
    {
        var (reader, poster) = await browsers.ReaderAndPosterAsync("/chat/lobby");
        await using var _ = reader;
        await using var __ = poster;
        await poster.WaitForLiveAsync();
        await poster.SendAsync("A message someone will report");
        await reader.ExpectMessageAsync("A message someone will report");

        var message = reader.MessageWith("A message someone will report");
        await message.HoverAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "Report" }).ClickAsync();
        await reader.Page.GetByLabel("Threats or violence").CheckAsync();
        await reader.Page.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        await Assertions.Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Name = "Thanks, the moderators will look at it" })).ToBeVisibleAsync();

        await using var admin = await browsers.NewPersonAsync(colorScheme: "dark", width: 390, height: 844);
        await admin.LogInAsAdminAsync();
        await admin.OpenAsync("/admin/reports");
        await Assertions.Expect(admin.Page.Locator(".report", new() { HasTextString = "A message someone will report" })).ToContainTextAsync("Threats or violence");
        await admin.ScreenshotAsync("admin-reports-phone-dark");
        Assert.Empty(await admin.AccessibilityProblemsAsync());
    }

    [Theory]
    [InlineData("/admin", "light", 1280, 800)]
    [InlineData("/admin", "dark", 390, 844)]
    [InlineData("/admin/chat/lobby", "dark", 1280, 800)]
    [InlineData("/admin/chat/lobby/settings", "light", 390, 844)]
    [InlineData("/admin/bans", "light", 1280, 800)]
    [InlineData("/admin/stats", "dark", 1280, 800)]
    [InlineData("/admin/audit", "light", 390, 844)]
    [InlineData("/admin/login", "dark", 390, 844)]
    public async Task Admin_pages_read_well_and_pass_accessibility_checks(string path, string scheme, int width, int height)
    {
        await using var admin = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height);
        if (path != "/admin/login")
        {
            await admin.LogInAsAdminAsync();
        }

        await admin.OpenAsync(path);

        await admin.ScreenshotAsync($"admin{path.Replace('/', '-')}-{(width < 600 ? "phone" : "desktop")}-{scheme}");
        Assert.Empty(await admin.AccessibilityProblemsAsync());
        Assert.Empty(await admin.CspViolationsAsync());
    }
}
