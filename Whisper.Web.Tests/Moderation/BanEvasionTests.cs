using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Identity;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

/// <summary>Ban evasion with a fake clock: fresh names from a banned name's address or /64 are shadow-muted while the ban runs.</summary>
public sealed class BanEvasionTests : IAsyncLifetime
{
    private const string Troll = "Loud Goose 12345";
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private Whisper.Web.Storage.Database database = null!;
    private ClientAddresses addresses = null!;
    private Sanctions sanctions = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabases.Create(dataPath);
        addresses = new ClientAddresses(time);
        sanctions = new Sanctions(database, addresses, SingleNode.Bus(), time, Microsoft.Extensions.Logging.Abstractions.NullLogger<Sanctions>.Instance, Words.Of<Whisper.Web.Languages.RoomsText>(), Words.Of<Whisper.Web.Languages.AdminText>());
        await database.CreateSchemaAsync([sanctions], CancellationToken.None);
    }

    public Task DisposeAsync() => TestDatabases.DeleteAsync(database, dataPath);

    [Fact]
    public async Task A_fresh_name_from_the_same_64_talks_to_nobody_until_the_ban_ends_and_other_networks_are_untouched()
    {
        var household = new Visitor("Calm Heron 22222", time.GetUtcNow().AddDays(-3));
        addresses.SeenAs(From("2001:db8:1:2::17"), Troll);
        await sanctions.BanAsync(Troll, TimeSpan.FromHours(1), "flooding", alsoAddress: true);
        time.Advance(TimeSpan.FromMinutes(5));
        var fresh = new Visitor("Quiet Otter 33333", time.GetUtcNow());
        var elsewhere = new Visitor("Brave Lynx 44444", time.GetUtcNow());

        Assert.Null(sanctions.Refusal(From("2001:db8:1:2::9999"), null));
        Assert.Null(sanctions.Refusal(From("2001:db8:1:2:aaaa::1"), fresh));
        Assert.True(sanctions.IsMuted(fresh.Name));
        Assert.Null(sanctions.Refusal(From("2001:db8:1:3::1"), elsewhere));
        Assert.False(sanctions.IsMuted(elsewhere.Name));
        Assert.Contains("Reason: flooding", sanctions.Refusal(From("2001:db8:1:2::17"), household), StringComparison.Ordinal);
        Assert.False(sanctions.IsMuted(household.Name));

        time.Advance(TimeSpan.FromMinutes(56));

        Assert.False(sanctions.IsMuted(fresh.Name));
        Assert.Null(sanctions.Refusal(From("2001:db8:1:2::17"), household));
    }

    [Fact]
    public async Task A_ban_of_the_name_alone_mutes_nobody_else_at_its_address()
    {
        addresses.SeenAs(From("192.0.2.7"), Troll);
        await sanctions.BanAsync(Troll, TimeSpan.FromHours(1), "flooding", alsoAddress: false);
        var fresh = new Visitor("Quiet Otter 33333", time.GetUtcNow());

        Assert.Null(sanctions.Refusal(From("192.0.2.7"), fresh));
        Assert.False(sanctions.IsMuted(fresh.Name));
    }

    private static DefaultHttpContext From(string address) => new() { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };
}
