using Microsoft.Extensions.Options;
using Whisper.Web.Languages;
using Whisper.Web.Privacy;

namespace Whisper.Web.Hosting;

public static class HostingFeature
{
    /// <summary>The antiforgery cookie: every browser that posts anything holds one, which also ties a stranger session to its browser.</summary>
    public const string AntiforgeryCookie = "whisper_af";

    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CspNonce>();
        builder.Services.AddSingleton(services => StaticAssetUrls.From(services.GetRequiredService<EndpointDataSource>()));
        builder.Services.AddSingleton<ContentSecurityPolicy>();
        // Run from a build rather than a publish, MapStaticAssets would watch wwwroot for edits and serve even fingerprinted
        // files no-cache and without integrity. Only a developer editing files wants that.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        }

        // A build (not a publish) keeps wwwroot and the Brotli and gzip copies apart, listed in a manifest beside the app that
        // the framework reads only in Development: read it in every environment, so `dotnet run` serves the files compressed
        // ahead from any working directory. A publish has no such manifest, and this does nothing there.
        builder.WebHost.UseStaticWebAssets();

        // Razor encodes markup characters only; text in any script stays readable.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddSingleton(TimeProvider.System);
        // At Trace, MVC logs every action's arguments: names, reasons, whatever a form sent. Never, whatever the level.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker", level => level >= LogLevel.Debug);
        // Its logs are each request's start and end (Information, below what Microsoft.AspNetCore logs here anyway); while it
        // logs anything, every request also gets an Activity and a log scope, held as long as the request: for a live stream
        // open for hours, a few hundred bytes each, for lines nobody reads. (Errors are logged by Kestrel and the handlers.)
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.AddForwardedHeaders();
        builder.AddCompression();
        // Every POST needs the antiforgery token; GETs never change anything.
        var mvc = builder.Services.AddControllersWithViews(o =>
        {
            o.Filters.Add(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
            o.Filters.Add(new UnreadableForm());
        });
#if RUNTIME_COMPILATION
        if (builder.Environment.IsDevelopment())
        {
            mvc.AddRazorRuntimeCompilation();
        }
#endif
        // htmx sends the token as a header; forms without script send the hidden field.
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = AntiforgeryCookie;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure over HTTPS, including HTTPS ended at a trusted proxy (the forwarded scheme comes first).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.AddSettings<SecurityOptions>(SecurityOptions.Section);
        builder.Services.AddHsts(_ => { });
        builder.Services.AddOptions<Microsoft.AspNetCore.HttpsPolicy.HstsOptions>().Configure<IOptions<SecurityOptions>>((hsts, security) => hsts.MaxAge = security.Value.HstsMaxAge);
        return builder;
    }

    public static WebApplication UseHosting(this WebApplication app)
    {
        // First: everything after sees the client's real address, the access log included.
        app.UseForwardedHeadersIfEnabled();
        app.UseAccessLog();
        app.UseExceptionHandler("/error/500");
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.Hsts)
        {
            // HTTPS requests only, and never for localhost (the framework's exclusions), so a test on loopback is not pinned.
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        app.UseCompression();
        app.MapStaticAssets();
        // The request's language is known before anything can refuse it (a rate limit's 429 says its wait in that
        // language), and after the access log, whose lines stay in the invariant culture.
        app.UseLanguages();
        app.UseRouting();
        app.UseRateLimits();
        // The admin's session is of no use to a visitor's live stream, and whatever a middleware keeps for a request is
        // kept as long as it lasts: for thousands of streams open for hours, the authentication's state would be most
        // of a kilobyte each, for nothing. (A moderator's held-messages stream is not one of these.)
        app.UseWhen(context => !RateLimits.IsLiveStream(context), branch => branch.UseAuthentication().UseAuthorization());
        // WebApplication adds both at the pipeline's start for every request unless it sees them added, and a branch's
        // marks stay in the branch: these are the keys UseAuthentication and UseAuthorization write (not public constants).
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        ((IApplicationBuilder)app).Properties["__AuthorizationMiddlewareSet"] = true;
        app.MapHealthChecks("/healthz");
        app.MapControllers();
        return app;
    }
}
