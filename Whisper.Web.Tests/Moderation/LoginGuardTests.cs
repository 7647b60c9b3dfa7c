using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;

namespace Whisper.Web.Tests.Moderation;

/// <summary>The per-account login limit counts each attempt before its password is checked, so parallel guesses cannot pass it.</summary>
public sealed class LoginGuardTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly LoginGuard guard;

    public LoginGuardTests() => guard = new LoginGuard(new FailedLoginsInMemory(), Options.Create(new AdminOptions { FailedLoginsPerAccount = 3 }),
        Options.Create(new RateLimitOptions()), time);

    [Fact]
    public async Task Of_fifty_parallel_attempts_at_one_account_only_the_limit_go_on()
    {
        var holds = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => guard.AttemptAsync("mod-target"))));

        Assert.Equal(3, holds.Count(h => h is null));
        Assert.All(holds.Where(h => h is not null), h => Assert.True(h > TimeSpan.Zero));
    }

    [Fact]
    public async Task A_right_password_clears_the_count_and_the_hold_ends_a_window_after_the_first_attempt()
    {
        Assert.Null(await guard.AttemptAsync("mod-target"));
        await guard.SucceededAsync("mod-target");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Null(await guard.AttemptAsync("mod-target"));
        }

        Assert.Equal(new RateLimitOptions().LoginWindow, await guard.AttemptAsync("mod-target"));
        Assert.Null(await guard.AttemptAsync("mod-other"));
        time.Advance(new RateLimitOptions().LoginWindow);
        Assert.Null(await guard.AttemptAsync("mod-target"));
    }
}
