using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;
using Whisper.Web.Languages;

namespace Whisper.Web.AppShell;

/// <summary>
/// What makes Whisper installable and usable offline: the web manifest, the service worker at the root scope, and
/// the offline page it falls back to (AppShellController). The worker is
/// built once per process and language from its template with the shell's fingerprinted URLs (from the build's
/// static-assets manifest, as the pages' are), so it changes whenever
/// they do, and whenever its page's language does.
/// </summary>
public static class AppShellFeature
{
    /// <summary>
    /// The notification icon keeps its plain address (pushes name it long after a deploy), so it is cached by that one.
    /// The PNG icons are for the manifest and the home screen, which fetch them themselves.
    /// </summary>
    private const string NotificationIcon = "/icons/icon-192.png";

    /// <summary>
    /// Both are asked for with the page's language in the address (<c>?lang=</c>, written by the layout and pwa.js): a
    /// browser fetches the manifest without cookies, so the picker's choice would not reach it otherwise, and each
    /// language is its own URL in every cache. Without it, the request's language decides, and the answer varies by it.
    /// </summary>
    public static WebApplication MapAppShell(this WebApplication app)
    {
        var workers = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        app.MapGet("/sw.js", (HttpContext context, Site.SiteSettings site, IStringLocalizer<AppText> text) => InLanguage(context, () =>
        {
            // Browsers check for a new worker on navigation; never let a cache hide one.
            context.Response.Headers.CacheControl = "no-cache";
            var worker = workers.GetOrAdd(CultureInfo.CurrentUICulture.Name, culture => BuildWorker(Shell(context.RequestServices.GetRequiredService<StaticAssetUrls>()), culture));
            var texts = JsonSerializer.Serialize(new { title = site.Value.Name, body = text["Push.NewMessage"].Value });
            return Results.Text(worker.Replace("__TEXTS__", texts, StringComparison.Ordinal), "text/javascript; charset=utf-8");
        }));
        app.MapGet("/manifest.webmanifest", (HttpContext context, Site.SiteSettings site, IStringLocalizer<Text> text) => InLanguage(context, () =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Text(Manifest(site.Value.Name, text["Layout.Description"], CultureInfo.CurrentUICulture), "application/manifest+json; charset=utf-8");
        }));
        return app;
    }

    /// <summary>Answers in the language <c>?lang=</c> names (404 with a sentence when this server does not offer it), else the request's.</summary>
    private static IResult InLanguage(HttpContext context, Func<IResult> answer)
    {
        if (context.Request.Query["lang"] is not [{ } lang])
        {
            context.Response.Headers.Vary = "Cookie, Accept-Language";
            return answer();
        }

        var offered = context.RequestServices.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value;
        if (!offered.IsOffered(lang))
        {
            return Results.Text(context.RequestServices.GetRequiredService<IStringLocalizer<Text>>()["Language.Unknown"], "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        return Sse.FragmentLanguage.In(CultureInfo.GetCultureInfo(lang), answer);
    }

    /// <summary>The name is the operator's (never translated); the description, language and direction are the page's.</summary>
    private static string Manifest(string name, string description, CultureInfo culture) => JsonSerializer.Serialize(new
    {
        name,
        short_name = name.Length <= 12 ? name : name[..12],
        description,
        lang = culture.Name,
        dir = Language.DirectionOf(culture),
        start_url = "/chat",
        scope = "/",
        display = "standalone",
        background_color = "#f6f7fb",
        theme_color = "#3346d3",
        icons = new object[]
        {
            new { src = "/icons/icon-192.png", sizes = "192x192", type = "image/png", purpose = "any" },
            new { src = "/icons/icon-512.png", sizes = "512x512", type = "image/png", purpose = "any" },
            new { src = "/icons/icon-maskable-512.png", sizes = "512x512", type = "image/png", purpose = "maskable" },
        },
    });

    /// <summary>
    /// What the worker precaches: the offline page and every script, stylesheet and drawing by the fingerprinted address the
    /// pages use (the import map's modules included), so any changed file changes the list, the version and the cache.
    /// </summary>
    internal static IReadOnlyList<string> Shell(StaticAssetUrls assets) =>
    [
        "/offline",
        .. assets.All.Where(a => !a.Path.EndsWith(".png", StringComparison.Ordinal)).Select(a => a.Url).Order(StringComparer.Ordinal),
        NotificationIcon,
    ];

    /// <summary>The language is part of the version: a worker for another language is a new worker, which caches the offline page anew.</summary>
    internal static string BuildWorker(IReadOnlyList<string> shell, string culture)
    {
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', shell.Append(culture)))))[..16];
        using var template = typeof(AppShellFeature).Assembly.GetManifestResourceStream("Whisper.Web.AppShell.ServiceWorker.js")
            ?? throw new InvalidOperationException("The service worker template is not embedded.");
        using var reader = new StreamReader(template);
        return reader.ReadToEnd().Replace("__VERSION__", version, StringComparison.Ordinal)
            .Replace("__SHELL__", JsonSerializer.Serialize(shell), StringComparison.Ordinal);
    }
}
