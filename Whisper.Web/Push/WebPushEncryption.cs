using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Whisper.Web.Push;

/// <summary>
/// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188), one record.
/// The push service relays the body but cannot read it: only the browser holding the subscription's key can.
/// </summary>
public static class WebPushEncryption
{
    private const int RecordSize = 4096;
    private static readonly byte[] KeyInfoPrefix = Encoding.ASCII.GetBytes("WebPush: info\0");
    private static readonly byte[] CekInfo = Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0");
    private static readonly byte[] NonceInfo = Encoding.ASCII.GetBytes("Content-Encoding: nonce\0");

    /// <summary>Encrypts with a fresh sender key and salt.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, byte[] userAgentPublicKey, byte[] authSecret)
    {
        using var sender = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return Encrypt(plaintext, userAgentPublicKey, authSecret, RandomNumberGenerator.GetBytes(16), sender);
    }

    /// <summary>Encrypts with the given sender key and salt (fixed only by tests, against the RFC's example).</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, byte[] userAgentPublicKey, byte[] authSecret, byte[] salt, ECDiffieHellman sender)
    {
        if (plaintext.Length > RecordSize - 17 - 86)
        {
            throw new ArgumentException("A push payload must fit one record.", nameof(plaintext));
        }

        using var userAgent = PushKeys.ImportPublic(userAgentPublicKey);
        var senderPublic = PushKeys.ExportPublic(sender);
        var sharedSecret = sender.DeriveRawSecretAgreement(userAgent.PublicKey);

        // RFC 8291 section 3.4: the auth secret and both public keys bind the key to this subscription.
        var keyInfo = new byte[KeyInfoPrefix.Length + 65 + 65];
        KeyInfoPrefix.CopyTo(keyInfo, 0);
        userAgentPublicKey.CopyTo(keyInfo, KeyInfoPrefix.Length);
        senderPublic.CopyTo(keyInfo, KeyInfoPrefix.Length + 65);
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, authSecret, keyInfo);

        // RFC 8188 section 2.2 and 2.3: content key and nonce from the salt.
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var cek = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, CekInfo);
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, NonceInfo);

        // One record, so the padding delimiter is 0x02 (last record), with no padding after it.
        var padded = new byte[plaintext.Length + 1];
        plaintext.CopyTo(padded);
        padded[^1] = 0x02;

        // Header (RFC 8188 section 2.1): salt, record size, key id length, key id = the sender's public key.
        var body = new byte[16 + 4 + 1 + 65 + padded.Length + 16];
        salt.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16), RecordSize);
        body[20] = 65;
        senderPublic.CopyTo(body, 21);
        using var aes = new AesGcm(cek, 16);
        aes.Encrypt(nonce, padded, body.AsSpan(86, padded.Length), body.AsSpan(86 + padded.Length, 16));
        return body;
    }
}
