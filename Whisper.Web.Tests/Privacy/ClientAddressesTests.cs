using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Privacy;
using Whisper.Web.Tests.Hosting;

namespace Whisper.Web.Tests.Privacy;

public sealed class ClientAddressesTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void An_address_is_forgotten_an_hour_after_its_last_request_with_the_name_that_used_it()
    {
        var addresses = new ClientAddresses(time);
        addresses.SeenAs(RepeatOffendersTests.From("203.0.113.7"), "Quiet Otter 48213");

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
        var stream = addresses.Connect(RepeatOffendersTests.From("203.0.113.8"));

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

        var plain = addresses.For(RepeatOffendersTests.From("203.0.113.9"));
        var mapped = addresses.For(RepeatOffendersTests.From("::ffff:203.0.113.9"));

        Assert.Same(plain, mapped);
        Assert.Equal(1, addresses.Count);
    }
}
