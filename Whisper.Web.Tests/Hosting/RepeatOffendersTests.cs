using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Hosting;
using Whisper.Web.Privacy;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Hosting;

public sealed class RepeatOffendersTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ClientAddresses addresses;
    private readonly RepeatOffenders offenders;

    public RepeatOffendersTests()
    {
        addresses = new ClientAddresses(time);
        offenders = new RepeatOffenders(addresses, Microsoft.Extensions.Options.Options.Create(new RateLimitOptions { OffenderThreshold = 3 }), time);
    }

    [Fact]
    public void Blocks_escalate_from_one_minute_to_ten_minutes_to_an_hour_and_then_stay_at_an_hour()
    {
        var address = addresses.For(Requests.From("203.0.113.7"));
        var blocks = new List<TimeSpan?>();
        for (var round = 0; round < 4; round++)
        {
            Strike(address, 3);
            blocks.Add(offenders.BlockedFor(address));
            time.Advance(offenders.BlockedFor(address)!.Value + TimeSpan.FromSeconds(1));
            Assert.Null(offenders.BlockedFor(address));
        }

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(1)], blocks);
    }

    [Fact]
    public void Refusals_spread_wider_than_the_window_never_add_up_to_a_block()
    {
        var address = addresses.For(Requests.From("203.0.113.8"));
        for (var i = 0; i < 10; i++)
        {
            Strike(address, 1);
            time.Advance(TimeSpan.FromMinutes(6));
        }

        Assert.Null(offenders.BlockedFor(address));
    }

    [Fact]
    public void A_lifted_block_ends_at_once_and_other_addresses_are_never_touched()
    {
        var offender = addresses.For(Requests.From("203.0.113.9"));
        var bystander = addresses.For(Requests.From("198.51.100.1"));
        Strike(offender, 3);

        Assert.Single(offenders.Blocked);
        Assert.True(offenders.Lift(offender.Key));
        Assert.Null(offenders.BlockedFor(offender));
        Assert.Null(offenders.BlockedFor(bystander));
    }

    private void Strike(ClientAddress address, int times)
    {
        for (var i = 0; i < times; i++)
        {
            offenders.Strike(address);
        }
    }
}
