using Microsoft.Playwright;
using Whisper.Web.Moderation;

namespace Whisper.Web.Tests.Browser;

/// <summary>The raid shield in Chromium: the join page's worker solves the challenge; and the team's new admin pages.</summary>
[Collection(BrowserTests.Name)]
public sealed class RaidShieldTests(BrowserFixture browsers)
{
    [Fact]
    public async Task With_the_shield_on_the_join_page_solves_its_challenge_in_a_worker_and_joins()
    {
        await using var admin = await browsers.NewPersonAsync(colorScheme: "dark");
        await admin.LogInAsAdminAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Switch the site's shield on" }).ClickAsync();
        try
        {
            await Assertions.Expect(admin.Page.Locator(".shield-state strong")).ToHaveTextAsync("On");
            await admin.ScreenshotAsync("admin-shield-on-desktop-dark");
            await using var newcomer = await browsers.NewPersonAsync();
            // The worker's script is held back until the page has been looked at: meanwhile the work cannot be done.
            var workerMayLoad = new TaskCompletionSource();
            await newcomer.Page.RouteAsync("**/js/shield-worker.*js", async route =>
            {
                await workerMayLoad.Task;
                await route.ContinueAsync();
            });
            await newcomer.OpenAsync("/chat");
            var progress = newcomer.Page.Locator(".join-shield__progress");
            var join = newcomer.Page.GetByRole(AriaRole.Button, new() { Name = "Join" });
            await Assertions.Expect(progress).ToBeVisibleAsync();
            await Assertions.Expect(newcomer.Page.Locator(".join-shield__status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Checking… \\d+%|Done: you can join\\.)$"));
            await Assertions.Expect(join).ToHaveAttributeAsync("aria-busy", "true");
            Assert.Equal("progress", await join.EvaluateAsync<string>("b => getComputedStyle(b).cursor"));
            await newcomer.ScreenshotAsync("room-join-shield-desktop-light");
            Assert.Empty(await newcomer.AccessibilityProblemsAsync());
            workerMayLoad.SetResult();


            // Join is pressed at once: the form waits for the worker's solution, then goes ahead by itself.
            Assert.False(string.IsNullOrEmpty(await newcomer.JoinAsync()));
            Assert.Empty(newcomer.ConsoleErrors);
            Assert.Empty(await newcomer.CspViolationsAsync());
        }
        finally
        {
            await browsers.App.Service<RaidShield>().SwitchAsync(null, on: false);
        }
    }

    [Fact]
    public async Task The_accounts_and_filters_pages_pass_axe()
    {
        await using var admin = await browsers.NewPersonAsync(colorScheme: "dark");
        await admin.LogInAsAdminAsync();
        var problems = new List<string>();

        foreach (var (path, name) in new[] { ("/admin/accounts", "admin-accounts"), ("/admin/filters", "admin-filters"), ("/admin/held", "admin-held") })
        {
            await admin.OpenAsync(path);
            await admin.ScreenshotAsync($"{name}-desktop-dark");
            problems.AddRange((await admin.AccessibilityProblemsAsync()).Select(p => $"{path}: {p}"));
        }

        Assert.Empty(problems);
    }
}
