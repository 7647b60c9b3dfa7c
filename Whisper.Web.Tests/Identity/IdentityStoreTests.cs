using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Identity;
using Whisper.Web.Storage;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Identity;

public sealed class IdentityStoreTests : IAsyncLifetime
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private Database database = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabases.Create(dataPath);
        await database.CreateSchemaAsync([StoreWith(new NameGenerator())], CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        WhisperApp.TryDelete(dataPath);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Concurrent_joins_never_share_a_name_even_when_draws_collide()
    {
        // 300 candidates for 200 joins: most draws collide, so the store must retry until each is unique.
        var store = StoreWith(new SmallSpace(300));

        var visitors = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            Task.Run(() => store.ClaimAsync(VisitorCookie.Hash(VisitorCookie.NewToken())))));

        Assert.Equal(200, visitors.Select(v => v.Name).Distinct().Count());
    }

    [Fact]
    public async Task A_deleted_identitys_name_is_never_issued_again()
    {
        var token = VisitorCookie.Hash(VisitorCookie.NewToken());
        var first = await StoreWith(new Fixed("Quiet Otter 48213", "Brave Lynx 10001")).ClaimAsync(token);
        Assert.True(await StoreWith(new NameGenerator()).DeleteAsync(token));

        // The generator offers the old name first; the tombstone makes the store pass it over.
        var next = await StoreWith(new Fixed("Quiet Otter 48213", "Brave Lynx 10001")).ClaimAsync(VisitorCookie.Hash(VisitorCookie.NewToken()));

        Assert.Equal("Quiet Otter 48213", first.Name);
        Assert.Equal("Brave Lynx 10001", next.Name);
        Assert.True(await StoreWith(new NameGenerator()).WasIssuedAsync("Quiet Otter 48213"));
        Assert.Null(await StoreWith(new NameGenerator()).FindAsync(token));
    }

    [Fact]
    public async Task A_name_is_found_again_by_its_token_hash_after_a_restart()
    {
        var token = VisitorCookie.Hash(VisitorCookie.NewToken());
        var claimed = await StoreWith(new NameGenerator()).ClaimAsync(token);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var reopened = new IdentityStore(TestDatabases.Create(dataPath), new NameGenerator(), time);

        Assert.Equal(claimed, await reopened.FindAsync(token));
        Assert.Equal(time.GetUtcNow(), claimed.CreatedAt);
    }

    [Fact]
    public async Task Claiming_twice_with_one_token_keeps_the_first_name()
    {
        var token = VisitorCookie.Hash(VisitorCookie.NewToken());
        var first = await StoreWith(new NameGenerator()).ClaimAsync(token);
        var second = await StoreWith(new NameGenerator()).ClaimAsync(token);

        Assert.Equal(first.Name, second.Name);
    }

    private IdentityStore StoreWith(NameGenerator generator) => new(database, generator, time);

    private sealed class SmallSpace(int size) : NameGenerator
    {
        public override string Draw() => $"Quiet Otter {NumberFloor + Random.Shared.Next(size)}";
    }

    private sealed class Fixed(params string[] names) : NameGenerator
    {
        private int next;

        public override string Draw() => names[Math.Min(next++, names.Length - 1)];
    }
}
