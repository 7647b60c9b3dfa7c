using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

/// <summary>An admin session ends after its hours without the person doing anything, even with the dashboard open and polling.</summary>
public sealed class AdminSessionIdleTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    private WhisperApp App() => new() { Settings = { ["Whisper:Admin:SessionHours"] = "1" }, ExtraServices = s => s.AddSingleton<TimeProvider>(time) };

    [Fact]
    public async Task Polling_the_live_figures_neither_renews_the_cookie_nor_keeps_an_idle_session_open()
    {
        await using var app = App();
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        time.Advance(TimeSpan.FromMinutes(40));

        using var poll = await Poll(admin);

        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.False(poll.Headers.Contains("Set-Cookie"));
        time.Advance(TimeSpan.FromMinutes(25));
        using var after = await admin.Client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/admin/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        using var pollAfter = await Poll(admin);
        Assert.Equal(HttpStatusCode.Unauthorized, pollAfter.StatusCode);
    }

    [Fact]
    public async Task Opening_a_page_is_activity_and_keeps_the_session_open()
    {
        await using var app = App();
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        time.Advance(TimeSpan.FromMinutes(40));

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).Status);
        time.Advance(TimeSpan.FromMinutes(25));

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).Status);
    }

    private static Task<HttpResponseMessage> Poll(VisitorClient admin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/live");
        request.Headers.Add("HX-Request", "true");
        return admin.Client.SendAsync(request);
    }
}
