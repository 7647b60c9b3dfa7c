using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Whisper.Web.Identity;

/// <summary>
/// The identity cookie: 256 random bits, HttpOnly (script cannot read it), SameSite=Lax, Secure over HTTPS.
/// A cookie rather than localStorage because EventSource cannot send headers and forms must work without script.
/// Only the SHA-256 of the token reaches the database.
/// </summary>
public sealed class VisitorCookie(IOptions<IdentityOptions> options, TimeProvider time)
{
    private const int TokenBytes = 32;

    public static byte[] NewToken() => RandomNumberGenerator.GetBytes(TokenBytes);

    public static byte[] Hash(byte[] token) => SHA256.HashData(token);

    /// <summary>The token hash from the request's cookie, or null when there is no well-formed cookie.</summary>
    public byte[]? ReadHash(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(options.Value.CookieName, out var value) || value.Length > 64)
        {
            return null;
        }

        try
        {
            var token = WebEncoders.Base64UrlDecode(value);
            return token.Length == TokenBytes ? Hash(token) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public void Write(HttpResponse response, byte[] token) =>
        response.Cookies.Append(options.Value.CookieName, WebEncoders.Base64UrlEncode(token), CookieSettings(response));

    /// <summary>Pushes the expiry forward so an active visitor's name outlives the browser's 400-day cap.</summary>
    public void Refresh(HttpRequest request, HttpResponse response)
    {
        if (request.Cookies.TryGetValue(options.Value.CookieName, out var value))
        {
            response.Cookies.Append(options.Value.CookieName, value, CookieSettings(response));
        }
    }

    public void Clear(HttpResponse response) =>
        response.Cookies.Delete(options.Value.CookieName, CookieSettings(response));

    private CookieOptions CookieSettings(HttpResponse response) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = response.HttpContext.Request.IsHttps,
        IsEssential = true,
        Path = "/",
        Expires = time.GetUtcNow().AddDays(options.Value.CookieDays),
    };
}
