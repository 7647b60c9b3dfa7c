using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Metrics;

/// <summary>Where <c>/metrics</c> answers: its own port, or the right token; never the public port by accident.</summary>
[Collection(MetricsRunAlone.Name)]
public sealed class MetricsAccessTests
{
    private const string Token = "metrics-token-for-tests-0123456789";

    [Fact]
    public async Task Metrics_are_served_on_their_port_and_not_on_the_public_one()
    {
        var port = FreePort();
        await using var app = new WhisperApp { Settings = { ["Whisper:Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        app.StartOnLoopback(port);
        // Both ports are the app's addresses: the public one is the other.
        var site = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => !a.EndsWith($":{port}", StringComparison.Ordinal)));
        using var client = new HttpClient();

        using var onPublic = await client.GetAsync(new Uri(site, "/metrics"));
        using var onPublicWithToken = await GetAsync(client, new Uri(site, "/metrics"), Token);
        var scrape = await client.GetStringAsync($"http://127.0.0.1:{port}/metrics");
        using var chatOnMetricsPort = await client.GetAsync($"http://127.0.0.1:{port}/chat");
        using var chatOnPublic = await client.GetAsync(new Uri(site, "/chat"));

        Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onPublicWithToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, chatOnMetricsPort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chatOnPublic.StatusCode);
        Assert.Contains("whisper_streams_open", scrape, StringComparison.Ordinal);
        Assert.Contains("kestrel_", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_port_and_a_token_the_token_is_asked_for_on_the_port_and_the_public_port_has_nothing()
    {
        var port = FreePort();
        await using var app = new WhisperApp
        {
            Settings = { ["Whisper:Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Whisper:Metrics:Token"] = Token },
        };
        app.StartOnLoopback(port);
        var site = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => !a.EndsWith($":{port}", StringComparison.Ordinal)));
        var metrics = new Uri($"http://127.0.0.1:{port}/metrics");
        using var client = new HttpClient();

        using var onPublicWithToken = await GetAsync(client, new Uri(site, "/metrics"), Token);
        using var onPortWithout = await client.GetAsync(metrics);
        using var onPortWrong = await GetAsync(client, metrics, "not-the-token-at-all-0000000000");
        using var onPortRight = await GetAsync(client, metrics, Token);

        Assert.Equal(HttpStatusCode.NotFound, onPublicWithToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, onPortWithout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, onPortWrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onPortRight.StatusCode);
    }

    [Fact]
    public async Task With_a_token_the_public_port_answers_only_to_it()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:Metrics:Token"] = Token } };
        using var client = app.CreateClient();

        using var none = await client.GetAsync("/metrics");
        using var wrong = await GetAsync(client, new Uri("/metrics", UriKind.Relative), "not-the-token-at-all-0000000000");
        using var right = await GetAsync(client, new Uri("/metrics", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("whisper_streams_open", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_port_or_token_there_are_no_metrics_anywhere()
    {
        await using var app = new WhisperApp();
        using var client = app.CreateClient();

        using var plain = await client.GetAsync("/metrics");
        using var withToken = await GetAsync(client, new Uri("/metrics", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withToken.StatusCode);
    }

    [Fact]
    public void A_short_token_stops_the_start_with_the_option_named()
    {
        using var app = new WhisperApp { Settings = { ["Whisper:Metrics:Token"] = "short" } };

        var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Whisper:Metrics:Token", refused.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, Uri path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", token);
        return await client.SendAsync(request);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
