using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Whisper.Web.Storage;

namespace Whisper.Web.Push;

/// <summary>
/// The server's VAPID identity (RFC 8292): a P-256 key pair from configuration, or generated once and kept in
/// the data folder so subscriptions survive restarts; and the signed token each push carries.
/// </summary>
public sealed class Vapid : IDisposable
{
    private readonly ECDsa key;
    private readonly string subject;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, (string Header, DateTimeOffset At)> signed = new(StringComparer.OrdinalIgnoreCase);

    public Vapid(IOptions<PushOptions> options, Database database, TimeProvider time)
    {
        this.time = time;
        subject = options.Value.Subject;
        var (publicKey, privateKey) = string.IsNullOrEmpty(options.Value.PrivateKey)
            ? LoadOrCreate(Path.Combine(database.DataPath, "vapid.json"))
            : (options.Value.PublicKey, options.Value.PrivateKey);
        var q = PushKeys.Base64Url(publicKey) ?? throw new InvalidOperationException("Whisper:Push:PublicKey is not base64url.");
        key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = PushKeys.Base64Url(privateKey),
            Q = new ECPoint { X = q[1..33], Y = q[33..] },
        });
        PublicKey = publicKey;
    }

    /// <summary>The application server key browsers subscribe with, base64url.</summary>
    public string PublicKey { get; }

    /// <summary>
    /// The Authorization header for a push to <paramref name="endpoint"/>: valid 12 hours, for that origin only. One
    /// signature serves an origin for an hour: signing for each of a big room's pushes would cost as much as encrypting.
    /// </summary>
    public string AuthorizationFor(Uri endpoint)
    {
        var audience = endpoint.GetLeftPart(UriPartial.Authority);
        var now = time.GetUtcNow();
        if (signed.TryGetValue(audience, out var cached) && now - cached.At < TimeSpan.FromHours(1) && now >= cached.At)
        {
            return cached.Header;
        }

        var header = Sign(audience, now);
        signed[audience] = (header, now);
        return header;
    }

    private string Sign(string audience, DateTimeOffset now)
    {
        var header = Encode("""{"typ":"JWT","alg":"ES256"}"""u8);
        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["exp"] = now.AddHours(12).ToUnixTimeSeconds(),
            ["sub"] = subject,
        });
        var signingInput = header + "." + Encode(claims);
        // ES256 signatures are the raw r||s pair (RFC 7518 section 3.4), not DER.
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"vapid t={signingInput}.{Encode(signature)}, k={PublicKey}";
    }

    public void Dispose() => key.Dispose();

    private static string Encode(ReadOnlySpan<byte> bytes) => PushKeys.ToBase64Url(bytes.ToArray());

    private static (string Public, string Private) LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var saved = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;
            return (saved["publicKey"], saved["privateKey"]);
        }

        using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = fresh.ExportParameters(true);
        var pair = (PushKeys.ToBase64Url([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]), PushKeys.ToBase64Url(parameters.D!));
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["publicKey"] = pair.Item1, ["privateKey"] = pair.Item2 });
        // Readable by the service account only: whoever holds this key can push to every subscriber.
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(path, create))
        {
            file.Write(Encoding.UTF8.GetBytes(json));
        }

        return pair;
    }
}
