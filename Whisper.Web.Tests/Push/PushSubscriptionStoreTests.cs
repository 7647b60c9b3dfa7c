using System.Net;
using System.Security.Cryptography;
using Whisper.Web.Push;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Push;

/// <summary>The subscription store on the engine under test (SQLite, or PostgreSQL with WHISPER_TEST_POSTGRES): the mentions-only choice and its upgrade.</summary>
public sealed class PushSubscriptionStoreTests : IAsyncLifetime
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
    private Whisper.Web.Storage.Database database = null!;

    public Task InitializeAsync()
    {
        database = TestDatabases.Create(dataPath);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => TestDatabases.DeleteAsync(database, dataPath);

    [Fact]
    public async Task Subscriptions_saved_before_the_choice_existed_keep_every_message_and_can_then_choose_mentions_only()
    {
        // The table as the previous version made it, with one subscription in it.
        await database.CreateSchemaAsync([new PreviousTable()], CancellationToken.None);
        await database.ExecuteAsync(
            "INSERT INTO push_subscriptions (id, name, room, endpoint, p256dh, auth, show_text, created_at) VALUES (7, 'Quiet Otter 48213', 'lobby', 'https://push.example/old', 'p', 'a', @show, '2026-11-01T00:00:00.0000000+00:00')",
            ("@show", true));
        var store = new PushSubscriptions(database, SingleNode.Bus(), TimeProvider.System);

        await store.UpgradeAsync();
        await store.UpgradeAsync();
        await store.LoadAsync();

        var old = Assert.Single(store.ForName("Quiet Otter 48213"));
        Assert.False(old.MentionsOnly);
        Assert.True(await store.ChooseAsync(7, mentionsOnly: true));
        var saved = await store.SaveAsync("Deep Whale 96163", "tech", "https://push.example/new", "p", "a", showText: false, mentionsOnly: true);

        // What a restart (or another node) reads back.
        var reread = new PushSubscriptions(database, SingleNode.Bus(), TimeProvider.System);
        await reread.LoadAsync();
        Assert.True(Assert.Single(reread.ForName("Quiet Otter 48213")).MentionsOnly);
        Assert.True(reread.ForName("Deep Whale 96163").Single(s => s.Id == saved.Id).MentionsOnly);
        Assert.False(await store.ChooseAsync(12345, mentionsOnly: true));
    }
}

/// <summary>The subscriptions table as the version before the mentions-only choice made it.</summary>
internal sealed class PreviousTable : Whisper.Web.Storage.ISchema
{
    public string Sql => """
        CREATE TABLE IF NOT EXISTS push_subscriptions (
            id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, room TEXT NOT NULL, endpoint TEXT NOT NULL,
            p256dh TEXT NOT NULL, auth TEXT NOT NULL, show_text BOOLEAN NOT NULL, created_at TEXT NOT NULL,
            UNIQUE (endpoint, room)
        );
        """;
}

/// <summary>Choosing, without script, what a subscription is pushed, on the page that lists what is kept.</summary>
public sealed class PushChoiceTests(PushChoiceTests.App app) : IClassFixture<PushChoiceTests.App>
{
    public sealed class App() : WhisperApp(("Whisper:Push:AllowLoopbackEndpoints", "true"));

    [Fact]
    public async Task Your_data_says_what_each_subscription_is_pushed_and_a_plain_form_changes_it()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var subscribed = await visitor.SubscribePushAsync("lobby", "http://127.0.0.1:9/push/me-choice", key, RandomNumberGenerator.GetBytes(16), showText: true);
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        var (_, before) = await visitor.GetAsync("/me");
        var item = before.QuerySelector("#pushes li")!;
        Assert.Contains("Every message is pushed.", item.TextContent, StringComparison.Ordinal);
        var choice = item.QuerySelector("form[action$='/choice']")!.GetAttribute("action")!;
        Assert.Equal("Only mentions from lobby", item.QuerySelector("form[action$='/choice'] button")!.TextContent);
        using var chosen = await visitor.SubmitAsync(before, choice, []);

        Assert.Equal(HttpStatusCode.SeeOther, chosen.StatusCode);
        var (_, after) = await visitor.GetAsync("/me");
        var changed = after.QuerySelector("#pushes li")!;
        Assert.Contains("Only mentions of you, and replies and reactions to your messages, are pushed.", changed.TextContent, StringComparison.Ordinal);
        Assert.Equal("Every message from lobby", changed.QuerySelector("form[action$='/choice'] button")!.TextContent);
        Assert.True(Assert.Single(app.Service<PushSubscriptions>().ForRoom("lobby"), s => s.Endpoint == "http://127.0.0.1:9/push/me-choice").MentionsOnly);
    }
}
