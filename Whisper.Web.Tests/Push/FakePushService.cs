using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Push;

/// <summary>
/// A push service on a loopback port: records what it receives and answers each endpoint as told, after
/// <see cref="Delay"/>. With <c>http2</c> it serves HTTPS with HTTP/2 offered by ALPN, as real push services do:
/// TLS rather than h2c with prior knowledge, because a client only ever negotiates HTTP/2 for https endpoints,
/// so that is the path the sender really takes.
/// </summary>
public sealed class FakePushService : IAsyncDisposable
{
    /// <summary>Self-signed for 127.0.0.1, made once per test run; test apps trust exactly this certificate.</summary>
    public static readonly Lazy<X509Certificate2> Certificate = new(MakeCertificate);

    private readonly WebApplication app;
    private int answered;

    private FakePushService(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Path, IHeaderDictionary Headers, byte[] Body)> Received { get; } = new();

    /// <summary>Status per endpoint path; 201 when not listed.</summary>
    public ConcurrentDictionary<string, int> Answers { get; } = new();

    /// <summary>The protocol of every request received ("HTTP/1.1", "HTTP/2").</summary>
    public ConcurrentQueue<string> Protocols { get; } = new();

    /// <summary>How long each answer takes (the push is recorded on arrival).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Pushes answered so far.</summary>
    public int Answered => Volatile.Read(ref answered);

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakePushService> StartAsync(bool http2 = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (http2)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(Certificate.Value);
            }
        }));
        var service = new FakePushService(builder.Build());
        service.app.MapPost("/push/{id}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            service.Protocols.Enqueue(context.Request.Protocol);
            service.Received.Enqueue((context.Request.Path, new HeaderDictionary(context.Request.Headers.ToDictionary()), body.ToArray()));
            await Task.Delay(service.Delay, context.RequestAborted);
            context.Response.StatusCode = service.Answers.GetValueOrDefault(context.Request.Path.Value!, 201);
            Interlocked.Increment(ref service.answered);
        });
        await service.app.StartAsync();
        service.BaseUrl = service.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return service;
    }

    public async Task<(string Path, IHeaderDictionary Headers, byte[] Body)> NextAsync(string path)
    {
        (string Path, IHeaderDictionary Headers, byte[] Body) found = default;
        var arrived = await Eventually.HoldsAsync(() => (found = Received.FirstOrDefault(r => r.Path == path)).Body is not null, attempts: 100);
        return arrived ? found : throw new TimeoutException($"No push reached {path}.");
    }

    /// <summary>
    /// A push app whose push client trusts <see cref="Certificate"/> as well as the system's roots, the way a real
    /// push service's certificate is trusted: the production handler is kept, only its validation widened.
    /// </summary>
    public static void TrustCertificate(IServiceCollection services) =>
        services.AddHttpClient(Whisper.Web.Push.PushSender.HttpClientName).ConfigurePrimaryHttpMessageHandler((handler, _) =>
            ((SocketsHttpHandler)handler).SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || certificate?.GetCertHashString() == Certificate.Value.GetCertHashString());

    public async ValueTask DisposeAsync()
    {
        // At once: a slow answer still pending must not hold the test for its whole delay.
        await app.StopAsync(new CancellationToken(canceled: true));
        await app.DisposeAsync();
    }

    private static X509Certificate2 MakeCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is one Kestrel's TLS can use on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }
}
