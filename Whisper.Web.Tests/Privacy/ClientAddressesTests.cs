using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Privacy;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Privacy;

public sealed class ClientAddressesTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void An_address_is_forgotten_an_hour_after_its_last_request_with_the_name_that_used_it()
    {
        var addresses = new ClientAddresses(time);
        addresses.SeenAs(Requests.From("203.0.113.7"), "Quiet Otter 48213");

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, addresses.Sweep());
        Assert.NotNull(addresses.LastUsedBy("Quiet Otter 48213"));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, addresses.Sweep());
        Assert.Equal(0, addresses.Count);
        Assert.Null(addresses.LastUsedBy("Quiet Otter 48213"));
    }

    [Fact]
    public void An_open_stream_keeps_its_address_and_the_hour_counts_from_when_it_closes()
    {
        var addresses = new ClientAddresses(time);
        var stream = addresses.Connect(Requests.From("203.0.113.8"));

        time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, addresses.Sweep());
        stream.Dispose();
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, addresses.Sweep());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, addresses.Sweep());
    }

    [Fact]
    public void An_IPv4_client_is_one_address_however_the_socket_reports_it()
    {
        var addresses = new ClientAddresses(time);

        var plain = addresses.For(Requests.From("203.0.113.9"));
        var mapped = addresses.For(Requests.From("::ffff:203.0.113.9"));

        Assert.Same(plain, mapped);
        Assert.Equal(1, addresses.Count);
    }

    [Fact]
    public void An_IPv6_client_is_its_64_network_and_the_prefix_is_a_setting()
    {
        var addresses = new ClientAddresses(time);
        var one = addresses.For(Requests.From("2001:db8:1:2::1"));
        var other = addresses.For(Requests.From("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        var neighbour = addresses.For(Requests.From("2001:db8:1:3::1"));

        Assert.Same(one, other);
        Assert.NotSame(one, neighbour);
        Assert.Equal("2001:db8:1:2::", one.Address.ToString());
        Assert.Equal("2001:db8:1:2:8000::", ClientAddresses.Normalise(System.Net.IPAddress.Parse("2001:db8:1:2:ffff::1"), 65).ToString());
        Assert.Equal("2001:db8:1:2::1", ClientAddresses.Normalise(System.Net.IPAddress.Parse("2001:db8:1:2::1"), 128).ToString());
    }

    [Fact]
    public void A_full_registry_forgets_its_oldest_entries_but_never_a_blocked_or_banned_one()
    {
        var addresses = new ClientAddresses(time, Microsoft.Extensions.Options.Options.Create(new Whisper.Web.Hosting.RateLimitOptions { MaxAddresses = 100 }));
        var banned = addresses.For(Requests.From("198.51.100.1"));
        banned.Ban = new AddressBan(addresses.HoldUntil(null), "spam", "Quiet Otter 1");
        var blocked = addresses.For(Requests.From("198.51.100.2"));
        blocked.BlockedUntil = time.GetUtcNow().AddHours(1);

        for (var i = 0; i < 1000; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            addresses.For(Requests.From($"203.0.{i / 250}.{i % 250}"));
        }

        Assert.InRange(addresses.Count, 2, 100);
        Assert.Same(banned, addresses.For(Requests.From("198.51.100.1")));
        Assert.Same(blocked, addresses.For(Requests.From("198.51.100.2")));
        Assert.Contains(addresses.All, a => a.Address.ToString() == "203.0.3.249");
    }

    [Fact]
    public void A_ban_keeps_its_address_until_it_ends_and_never_longer_than_30_days()
    {
        var addresses = new ClientAddresses(time);
        var day = addresses.For(Requests.From("198.51.100.10"));
        day.Ban = new AddressBan(addresses.HoldUntil(time.GetUtcNow().AddDays(1)), "spam", "stranger");
        var forever = addresses.For(Requests.From("198.51.100.11"));
        forever.Ban = new AddressBan(addresses.HoldUntil(null), "spam", "Quiet Otter 2");

        time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, addresses.Sweep());
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, addresses.Sweep());
        time.Advance(TimeSpan.FromDays(28));
        Assert.Equal(0, addresses.Sweep());
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, addresses.Sweep());
        Assert.Equal(0, addresses.Count);
    }
}
