using System.Security.Cryptography;
using System.Text;
using Whisper.Web.Push;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Push;

public sealed class WebPushEncryptionTests
{
    // RFC 8291 Appendix A: published example values.
    private const string Plaintext = "When I grow up, I want to be a watermelon";
    private const string SenderPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private const string SenderPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private const string ReceiverPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private const string ReceiverPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string Salt = "DGv6ra1nlYgDCS1FRnbzlw";
    private const string AuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";
    private const string Body =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    [Fact]
    public void Encryption_matches_the_RFC_8291_example_byte_for_byte()
    {
        using var sender = PrivateKey(SenderPrivate, SenderPublic);

        var body = WebPushEncryption.Encrypt(Encoding.UTF8.GetBytes(Plaintext), Decode(ReceiverPublic), Decode(AuthSecret), Decode(Salt), sender);

        Assert.Equal(Body, PushKeys.ToBase64Url(body));
    }

    [Fact]
    public void A_fresh_encryption_decrypts_with_the_subscription_key_alone()
    {
        using var receiver = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var auth = RandomNumberGenerator.GetBytes(16);

        var body = WebPushEncryption.Encrypt("hello, phone"u8, PushKeys.ExportPublic(receiver), auth);

        Assert.Equal("hello, phone", Encoding.UTF8.GetString(PushDecryption.Decrypt(body, receiver, auth)));
        Assert.Equal(Plaintext, Encoding.UTF8.GetString(PushDecryption.Decrypt(Decode(Body), PrivateKey(ReceiverPrivate, ReceiverPublic), Decode(AuthSecret))));
    }

    [Theory]
    [InlineData(ReceiverPublic, AuthSecret, true)]
    [InlineData(ReceiverPublic, "c2hvcnQ", false)]
    [InlineData("BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", AuthSecret, false)]
    [InlineData("not base64!", AuthSecret, false)]
    [InlineData("", AuthSecret, false)]
    public void Subscription_keys_must_be_a_curve_point_and_a_16_byte_secret(string p256dh, string auth, bool valid) =>
        Assert.Equal(valid, PushKeys.AreValid(p256dh, auth));

    internal static ECDiffieHellman PrivateKey(string d, string publicPoint)
    {
        var q = Decode(publicPoint);
        return ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Decode(d),
            Q = new ECPoint { X = q[1..33], Y = q[33..] },
        });
    }

    internal static byte[] Decode(string text) => PushKeys.Base64Url(text)!;
}
