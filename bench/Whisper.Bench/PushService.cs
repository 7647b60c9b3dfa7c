using System.Collections.Concurrent;
using System.Diagnostics;
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
using Microsoft.Extensions.Logging;

namespace Whisper.Bench;

/// <summary>
/// A push service on loopback, HTTPS with HTTP/2 offered (as the real ones do), answering every push 201 after a
/// fixed delay. It notes when each push arrives and over which protocol; it never decrypts.
/// The server trusts its self-signed certificate through <see cref="CertificateFile"/> (OpenSSL's SSL_CERT_FILE).
/// </summary>
public sealed class PushService : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;
    private long received;
    private long lastArrival;

    private PushService(WebApplication app, X509Certificate2 certificate, string certificateFile)
    {
        (this.app, this.certificate, CertificateFile) = (app, certificate, certificateFile);
    }

    public string Url { get; private set; } = "";

    /// <summary>The certificate as PEM, for the server's SSL_CERT_FILE.</summary>
    public string CertificateFile { get; }

    public long Received => Interlocked.Read(ref received);

    /// <summary>Stopwatch timestamp of the latest push to arrive.</summary>
    public long LastArrival => Interlocked.Read(ref lastArrival);

    public ConcurrentDictionary<string, long> Protocols { get; } = new();

    public static async Task<PushService> StartAsync(TimeSpan delay)
    {
        var certificate = MakeCertificate();
        var certificateFile = Path.Combine(Directory.CreateTempSubdirectory("whisper-bench-push-").FullName, "push-service.pem");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        }));
        var service = new PushService(builder.Build(), certificate, certificateFile);
        service.app.MapPost("/push/{id}", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Exchange(ref service.lastArrival, Stopwatch.GetTimestamp());
            Interlocked.Increment(ref service.received);
            service.Protocols.AddOrUpdate(context.Request.Protocol, 1, (_, n) => n + 1);
            await Task.Delay(delay);
            return Results.StatusCode(StatusCodes.Status201Created);
        });
        await service.app.StartAsync();
        service.Url = service.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(new CancellationToken(canceled: true));
        await app.DisposeAsync();
        certificate.Dispose();
        Directory.Delete(Path.GetDirectoryName(CertificateFile)!, recursive: true);
    }

    /// <summary>A self-signed authority for 127.0.0.1: OpenSSL accepts a trusted certificate that signs itself as the whole chain.</summary>
    private static X509Certificate2 MakeCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Whisper bench push service", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }
}
