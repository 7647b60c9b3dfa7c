using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Whisper.Web.Hosting;

/// <summary>
/// The per-request nonce that lets the few inline styles through the CSP. Made when a view first reads it (always before
/// the response starts: views are rendered before they are written), so a response with no inline style (a live stream
/// above all, held open for hours) carries the shared policy without one instead of a policy string of its own.
/// </summary>
public sealed class CspNonce
{
    private string? value;

    public string Value => value ??= WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    /// <summary>A view asked for it: the policy must name it.</summary>
    public bool Used => value is not null;
}

/// <summary>Headers every response carries: strict CSP (no inline script but the import map, no eval), no sniffing, no referrer, no framing.</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // A static callback with the context as its state: nothing is allocated for it per request.
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            // An endpoint may set a stricter policy of its own (downloads are sandboxed).
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                var nonce = context.RequestServices.GetRequiredService<CspNonce>();
                var policy = context.RequestServices.GetRequiredService<ContentSecurityPolicy>();
                headers.ContentSecurityPolicy = nonce.Used ? policy.WithNonce(nonce.Value) : policy.WithoutNonce;
            }

            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(self), microphone=(self), geolocation=(), payment=(), usb=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}

/// <summary>
/// The policy's text, made once: the one inline script is the layout's import map, allowed by its hash (known once the
/// static assets' manifest is read); img-src blob: is the composer's thumbnail of an image chosen to send, read from the
/// visitor's own disk.
/// </summary>
public sealed class ContentSecurityPolicy(StaticAssetUrls assets)
{
    private readonly string beforeStyles = $"default-src 'self'; script-src 'self' {assets.ImportMapHash}; style-src 'self'";

    private const string AfterStyles = "; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; " +
        "media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; " +
        "manifest-src 'self'; worker-src 'self'";

    /// <summary>The policy of every response without an inline style (a live stream above all): one string for all of them.</summary>
    public string WithoutNonce { get; } = $"default-src 'self'; script-src 'self' {assets.ImportMapHash}; style-src 'self'{AfterStyles}";

    public string WithNonce(string nonce) => $"{beforeStyles} 'nonce-{nonce}'{AfterStyles}";
}
