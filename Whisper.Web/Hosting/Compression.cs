using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Whisper.Web.Hosting;

/// <summary>
/// Pages, fragments and data go out in Brotli or gzip; static files are already compressed at build time.
/// Over HTTPS this is safe from BREACH only where no fixed secret sits next to text an attacker can put on the page:
/// a page's antiforgery token is encrypted afresh for every response and its CSP nonce is new each time, so
/// rooms and public pages are compressed. The admin pages and your own data pages are not: they can show a
/// one-time code (a transfer code, a setup link) that stays the same from one response to the next; nor are a joined
/// reader's room pages and fragments, which carry the reader's own name beside other people's messages: an observer
/// could learn which name a person uses.
/// Streams are never compressed: an event would wait in the compressor instead of reaching the reader.
/// </summary>
public static class Compression
{
    public static WebApplicationBuilder AddCompression(this WebApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "image/svg+xml", "application/manifest+json"];
        });
        // The framework's Fastest gzip keeps barely half of a page; Optimal keeps about a third, and a page is a few kilobytes.
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return builder;
    }

    public static IApplicationBuilder UseCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => MayCompress(context.Request), branch => branch.UseResponseCompression());

    /// <summary>Whether a response to <paramref name="request"/> may be compressed (see the class summary for why not).</summary>
    public static bool MayCompress(HttpRequest request) =>
        !request.Path.StartsWithSegments("/admin")
        && !request.Path.StartsWithSegments("/me")
        && !(request.Path.StartsWithSegments("/chat") && request.Cookies.ContainsKey(IdentityCookie(request)))
        && !request.Headers.Accept.Any(accept => accept?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    private static string IdentityCookie(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Identity.IdentityOptions>>().Value.CookieName;
}
