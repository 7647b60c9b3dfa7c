using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Whisper.Web.Push;
using Whisper.Web.Storage;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Push;

/// <summary>Each subscription remembers the language of the page that made it, and its pushes are written in it.</summary>
public sealed class PushLanguageTests(PushLanguageTests.App app) : IClassFixture<PushLanguageTests.App>
{
    [Fact]
    public async Task A_subscription_made_on_a_Spanish_page_gets_Spanish_pushes_and_an_English_one_English()
    {
        await using var pushService = await FakePushService.StartAsync();
        using var spanish = app.NewVisitor();
        using var english = app.NewVisitor();
        using var writer = app.NewVisitor();
        spanish.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-MX");
        await spanish.JoinAsync("random");
        await english.JoinAsync("random");
        await writer.JoinAsync("random");
        var (spanishKey, spanishAuth) = (ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), RandomNumberGenerator.GetBytes(16));
        var (englishKey, englishAuth) = (ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), RandomNumberGenerator.GetBytes(16));
        using (var subscribed = await spanish.SubscribePushAsync("random", pushService.BaseUrl + "/push/es", spanishKey, spanishAuth, showText: false))
        using (var alsoSubscribed = await english.SubscribePushAsync("random", pushService.BaseUrl + "/push/en", englishKey, englishAuth, showText: false))
        {
            Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
            Assert.Equal(HttpStatusCode.Created, alsoSubscribed.StatusCode);
        }

        Assert.Equal(["en", "es"], app.Service<PushSubscriptions>().ForRoom("random").Select(s => s.Language).Order());

        await writer.PostMessageAsync("random", "hola a todos");
        Assert.Equal("Mensaje nuevo", await BodyAsync(pushService, "/push/es", 1, spanishKey, spanishAuth));
        Assert.Equal("New message", await BodyAsync(pushService, "/push/en", 1, englishKey, englishAuth));

        // Within the interval the next two wait and go as one push that counts them, in the plural each language needs.
        await writer.PostMessageAsync("random", "¿hay alguien?");
        await writer.PostMessageAsync("random", "¿nadie?");
        Assert.Equal("2 mensajes nuevos", await BodyAsync(pushService, "/push/es", 2, spanishKey, spanishAuth));
        Assert.Equal("2 new messages", await BodyAsync(pushService, "/push/en", 2, englishKey, englishAuth));
    }

    [Fact]
    public async Task A_refused_subscription_says_why_in_the_page_language()
    {
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es");

        using var refused = await visitor.SubscribePushAsync("random", "https://push.example/es", ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), RandomNumberGenerator.GetBytes(16), showText: false);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Entra primero para recibir notificaciones.", problem.RootElement.GetProperty("detail").GetString());
    }

    /// <summary>The body of the <paramref name="nth"/> push to reach <paramref name="path"/>, decrypted.</summary>
    private static async Task<string?> BodyAsync(FakePushService service, string path, int nth, ECDiffieHellman key, byte[] auth)
    {
        Assert.True(await Eventually.HoldsAsync(() => service.Received.Count(r => r.Path == path) >= nth, attempts: 150), $"No push number {nth} reached {path}.");
        using var payload = JsonDocument.Parse(PushDecryption.Decrypt(service.Received.Where(r => r.Path == path).ElementAt(nth - 1).Body, key, auth));
        return payload.RootElement.GetProperty("body").GetString();
    }

    public sealed class App() : WhisperApp(("Whisper:Push:AllowLoopbackEndpoints", "true"), ("Whisper:Push:MinInterval", "00:00:05"));
}

/// <summary>A database from before pushes were translated gains the language column at start, and its subscriptions read English.</summary>
public sealed class PushLanguageColumnTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task An_old_subscriptions_table_gets_the_language_column_and_keeps_its_rows()
    {
        var database = app.Service<Database>();
        var subscriptions = app.Service<PushSubscriptions>();
        await database.ExecuteAsync("ALTER TABLE push_subscriptions DROP COLUMN language");
        await database.ExecuteAsync(
            "INSERT INTO push_subscriptions (name, room, endpoint, p256dh, auth, show_text, created_at) VALUES ('Old Owl 1', 'lobby', 'https://push.example/old', 'k', 'a', FALSE, '2026-01-01T00:00:00.0000000+00:00')");

        await subscriptions.UpgradeAsync();
        await subscriptions.UpgradeAsync();
        await subscriptions.LoadAsync();
        var saved = await subscriptions.SaveAsync("New Newt 2", "lobby", "https://push.example/new", "k", "a", showText: true, language: "ar");
        await subscriptions.LoadAsync();

        var old = Assert.Single(subscriptions.ForName("Old Owl 1"));
        Assert.Null(old.Language);
        Assert.Equal("ar", Assert.Single(subscriptions.ForName("New Newt 2")).Language);
        Assert.Equal(saved.Id, subscriptions.ForName("New Newt 2")[0].Id);
    }
}
