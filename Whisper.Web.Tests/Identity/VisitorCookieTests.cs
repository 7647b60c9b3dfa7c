using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Identity;

namespace Whisper.Web.Tests.Identity;

public sealed class VisitorCookieTests
{
    private readonly VisitorCookie cookie = new(Options.Create(new IdentityOptions()), new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_cookie_is_secure_exactly_when_served_over_https(bool https)
    {
        var context = new DefaultHttpContext();
        context.Request.IsHttps = https;

        cookie.Write(context.Response, VisitorCookie.NewToken());

        var header = context.Response.Headers.SetCookie.ToString();
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("28 Dec 2027", header, StringComparison.Ordinal);
        Assert.Equal(https, header.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_server_keeps_only_a_hash_that_the_cookie_maps_to()
    {
        var token = VisitorCookie.NewToken();
        var context = new DefaultHttpContext();
        cookie.Write(context.Response, token);
        var value = context.Response.Headers.SetCookie.ToString().Split(';')[0].Split('=', 2)[1];
        context.Request.Headers.Cookie = $"whisper_id={value}";

        var hash = cookie.ReadHash(context.Request);

        Assert.Equal(32, token.Length);
        Assert.Equal(VisitorCookie.Hash(token), hash);
        Assert.NotEqual(token, hash);
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("c2hvcnQ")]
    [InlineData("")]
    public void A_malformed_cookie_means_no_identity(string value)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = $"whisper_id={value}";

        Assert.Null(cookie.ReadHash(context.Request));
    }
}
