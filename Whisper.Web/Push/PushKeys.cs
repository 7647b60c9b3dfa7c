using System.Security.Cryptography;

namespace Whisper.Web.Push;

/// <summary>P-256 keys in the forms Web Push uses: 65-byte uncompressed points and base64url.</summary>
public static class PushKeys
{
    /// <summary>A public key from its uncompressed point; throws when it is not a point on P-256.</summary>
    public static ECDiffieHellman ImportPublic(byte[] point)
    {
        if (point is not { Length: 65 } || point[0] != 0x04)
        {
            throw new CryptographicException("Not an uncompressed P-256 point.");
        }

        return ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
    }

    public static byte[] ExportPublic(AsymmetricAlgorithm key)
    {
        var q = key switch
        {
            ECDiffieHellman ecdh => ecdh.ExportParameters(false).Q,
            ECDsa ecdsa => ecdsa.ExportParameters(false).Q,
            _ => throw new ArgumentException("Not an EC key.", nameof(key)),
        };
        return [0x04, .. q.X!, .. q.Y!];
    }

    /// <summary>Whether a subscription's keys are usable: a P-256 point and a 16-byte auth secret.</summary>
    public static bool AreValid(string? p256dh, string? auth)
    {
        if (Base64Url(p256dh) is not { Length: 65 } point || Base64Url(auth) is not { Length: 16 })
        {
            return false;
        }

        try
        {
            using var key = ImportPublic(point);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static byte[]? Base64Url(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return null;
        }

        try
        {
            return Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string ToBase64Url(byte[] bytes) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes);
}
