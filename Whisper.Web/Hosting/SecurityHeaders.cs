using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Whisper.Web.Hosting;

/// <summary>The per-request nonce that lets the few inline styles through the CSP.</summary>
public sealed class CspNonce
{
    public string Value { get; } = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
}

/// <summary>Headers every response carries: strict CSP (no inline script but the import map, no eval), no sniffing, no referrer, no framing.</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var nonce = context.RequestServices.GetRequiredService<CspNonce>().Value;
        var importMap = context.RequestServices.GetRequiredService<StaticAssetUrls>().ImportMapHash;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // An endpoint may set a stricter policy of its own (downloads are sandboxed). img-src blob: is the composer's
            // thumbnail of an image chosen to send, read from the visitor's own disk. The one inline script is the layout's
            // import map, allowed by its hash.
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy =
                    "default-src 'self'; " +
                    $"script-src 'self' {importMap}; " +
                    $"style-src 'self' 'nonce-{nonce}'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; " +
                    "media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; " +
                    "manifest-src 'self'; worker-src 'self'";
            }

            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(self), microphone=(self), geolocation=(), payment=(), usb=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next(context);
    });
}
