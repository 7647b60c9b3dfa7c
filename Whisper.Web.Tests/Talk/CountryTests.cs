using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Whisper.Web.Talk;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Talk;

public sealed class CountryTests
{
    internal static readonly string Database = Path.Combine(Repository.Root, "Whisper.Web", "node_modules",
        "@ip-location-db", "geo-whois-asn-country-mmdb", "geo-whois-asn-country.mmdb");

    [Theory]
    [InlineData("8.8.8.8", "US")]
    [InlineData("::ffff:8.8.8.8", "US")]
    [InlineData("127.0.0.1", null)]
    [InlineData("10.1.2.3", null)]
    [InlineData("192.168.0.10", null)]
    [InlineData("fe80::1", null)]
    public void A_public_address_has_a_country_and_private_ones_none(string address, string? country)
    {
        using var lookup = new CountryLookup(Microsoft.Extensions.Options.Options.Create(new GeoIpOptions { DatabasePath = Database }), NullLogger<CountryLookup>.Instance);

        Assert.Equal(country, lookup.CountryOf(IPAddress.Parse(address)));
    }

    [Fact]
    public void Without_a_database_there_is_simply_no_flag()
    {
        using var lookup = new CountryLookup(Microsoft.Extensions.Options.Options.Create(new GeoIpOptions { DatabasePath = "/nonexistent/country.mmdb" }), NullLogger<CountryLookup>.Instance);

        Assert.Null(lookup.CountryOf(IPAddress.Parse("8.8.8.8")));
        Assert.Equal(("🇫🇷", "France"), CountryLookup.Describe("FR"));
    }

    [Fact]
    public async Task Matched_partners_see_each_others_flag_behind_a_trusted_proxy()
    {
        await using var app = new WhisperApp
        {
            Settings =
            {
                ["Whisper:ForwardedHeaders:Enabled"] = "true",
                ["Whisper:GeoIp:DatabasePath"] = Database,
            },
        };
        using var alice = app.NewVisitor();
        using var bob = app.NewVisitor();
        alice.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "8.8.8.8");
        bob.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "10.0.0.7");
        var (_, aliceSession) = await alice.StartTalkAsync();
        var (_, bobSession) = await bob.StartTalkAsync();

        await using var bobStream = await bob.OpenTalkAsync(bobSession);
        await using var aliceStream = await alice.OpenTalkAsync(aliceSession);

        var seenByBob = await Html.ParseAsync((await bobStream.NextAsync("status")).Data);
        var seenByAlice = await Html.ParseAsync((await aliceStream.NextAsync("status")).Data);
        Assert.Equal("US", seenByBob.QuerySelector(".talk-status")!.GetAttribute("data-country"));
        Assert.Equal("Probably in United States", seenByBob.QuerySelector(".talk-status__flag")!.GetAttribute("aria-label"));
        Assert.Null(seenByAlice.QuerySelector(".talk-status__flag"));
    }
}
