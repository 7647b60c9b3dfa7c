using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Whisper.Web.Tests.Browser;

/// <summary>
/// Each open room holds one stream. Over HTTP/1.1 a browser opens at most six connections to a site, so a seventh tab
/// would hang; over HTTPS Whisper speaks HTTP/2, where every tab's stream shares one connection.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class ManyTabsTests(BrowserFixture browsers)
{
    private const int Tabs = 10;

    [Fact]
    public async Task Ten_room_tabs_over_HTTPS_all_stay_live_and_all_receive_a_new_message()
    {
        using var certificate = ThrowawayCertificate();
        await using var app = new Support.WhisperApp();
        var server = app.StartOnLoopbackWithTls(certificate);
        Assert.Equal("https", server.Scheme);
        var context = await browsers.Browser.NewContextAsync(new() { BaseURL = server.ToString(), IgnoreHTTPSErrors = true });
        await using var person = new ChatPage(context, await context.NewPageAsync());
        await person.OpenAsync("/chat/lobby");
        await person.JoinAsync();
        await person.WaitForLiveAsync();
        var tabs = new List<ChatPage> { person };
        for (var i = 1; i < Tabs; i++)
        {
            var tab = new ChatPage(context, await context.NewPageAsync());
            await tab.OpenAsync(i % 2 == 0 ? "/chat/lobby" : "/chat/tech");
            await tab.WaitForLiveAsync();
            tabs.Add(tab);
        }

        Assert.Equal("h2", await person.Page.EvaluateAsync<string>("() => performance.getEntriesByType('navigation')[0].nextHopProtocol"));
        await person.SendAsync("heard in every lobby tab");
        var tech = tabs[1];
        await tech.SendAsync("heard in every tech tab");

        for (var i = 0; i < Tabs; i++)
        {
            await tabs[i].ExpectMessageAsync(i % 2 == 0 ? "heard in every lobby tab" : "heard in every tech tab");
        }
    }

    /// <summary>A self-signed certificate for 127.0.0.1 that lives only as long as the test.</summary>
    private static X509Certificate2 ThrowawayCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Through PKCS#12 so the private key is one the TLS stack can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
