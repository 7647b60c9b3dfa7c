using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Whisper.Web.AppShell;

/// <summary>
/// What makes Whisper installable and usable offline: the web manifest, the service worker at the root scope, and
/// the offline page it falls back to (AppShellController). The worker is
/// built once per process from its template with the shell's fingerprinted URLs, so it changes whenever they do.
/// </summary>
public static class AppShellFeature
{
    private static readonly string[] ShellFiles =
    [
        "/css/site.css", "/lib/htmx/htmx.min.js", "/lib/htmx-ext-sse/sse.min.js", "/js/antiforgery.js", "/js/room.js",
        "/js/reading.js", "/js/people.js", "/js/upload.js", "/js/push.js", "/js/pwa.js", "/js/local-time.js", "/js/talk.js", "/js/call.js", "/icons/whisper.svg", "/icons/icon-192.png", "/icons/icon-512.png",
    ];

    public static WebApplication MapAppShell(this WebApplication app)
    {
        var worker = new Lazy<string>(() => BuildWorker(app.Services.GetRequiredService<IFileVersionProvider>()));
        app.MapGet("/sw.js", (HttpResponse response) =>
        {
            // Browsers check for a new worker on navigation; never let a cache hide one.
            response.Headers.CacheControl = "no-cache";
            return Results.Text(worker.Value, "text/javascript; charset=utf-8");
        });
        app.MapGet("/manifest.webmanifest", (Site.SiteSettings site) => Results.Text(Manifest(site.Value.Name), "application/manifest+json; charset=utf-8"));
        return app;
    }

    private static string Manifest(string name) => JsonSerializer.Serialize(new
    {
        name,
        short_name = name.Length <= 12 ? name : name[..12],
        description = "Anonymous chat rooms with no accounts and no tracking.",
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

    private static string BuildWorker(IFileVersionProvider versions)
    {
        var shell = ShellFiles.Select(f => versions.AddFileVersionToPath(PathString.Empty, f)).Prepend("/offline").ToList();
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', shell))))[..16];
        using var template = typeof(AppShellFeature).Assembly.GetManifestResourceStream("Whisper.Web.AppShell.ServiceWorker.js")
            ?? throw new InvalidOperationException("The service worker template is not embedded.");
        using var reader = new StreamReader(template);
        return reader.ReadToEnd().Replace("__VERSION__", version, StringComparison.Ordinal)
            .Replace("__SHELL__", JsonSerializer.Serialize(shell), StringComparison.Ordinal);
    }
}
