using System.Security.Cryptography;
using System.Text;
using Whisper.Web.Push;

namespace Whisper.Web.Tests.Support;

/// <summary>What a browser does with a push body: written apart from the server's code, from RFC 8291 and 8188.</summary>
public static class PushDecryption
{
    public static byte[] Decrypt(byte[] body, ECDiffieHellman receiver, byte[] auth)
    {
        var salt = body[..16];
        var keyIdLength = body[20];
        var senderPublic = body[21..(21 + keyIdLength)];
        var ciphertext = body[(21 + keyIdLength)..];
        using var sender = PushKeys.ImportPublic(senderPublic);
        var shared = receiver.DeriveRawSecretAgreement(sender.PublicKey);
        var receiverPublic = PushKeys.ExportPublic(receiver);
        var info = Encoding.ASCII.GetBytes("WebPush: info\0").Concat(receiverPublic).Concat(senderPublic).ToArray();
        var prkKey = HMACSHA256.HashData(auth, shared);
        var ikm = HMACSHA256.HashData(prkKey, (byte[])[.. info, 1])[..32];
        var prk = HMACSHA256.HashData(salt, ikm);
        var cek = HMACSHA256.HashData(prk, (byte[])[.. Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0"), 1])[..16];
        var nonce = HMACSHA256.HashData(prk, (byte[])[.. Encoding.ASCII.GetBytes("Content-Encoding: nonce\0"), 1])[..12];
        var padded = new byte[ciphertext.Length - 16];
        using var aes = new AesGcm(cek, 16);
        aes.Decrypt(nonce, ciphertext[..^16], ciphertext[^16..], padded);
        var end = Array.LastIndexOf(padded, (byte)0x02);
        return padded[..end];
    }
}
