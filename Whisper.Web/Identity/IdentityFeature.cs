using Whisper.Web.Hosting;
using Whisper.Web.Storage;

namespace Whisper.Web.Identity;

public static class IdentityFeature
{
    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        builder.AddSettings<IdentityOptions>(IdentityOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.CookieName), "Whisper:Identity:CookieName must be set.")
            .Validate(o => o.CookieDays is >= 1 and <= 400, "Whisper:Identity:CookieDays must be between 1 and 400.");
        builder.Services.AddSingleton<NameGenerator>();
        builder.Services.AddSingleton<IdentityStore>();
        builder.Services.AddSingleton<ISchema>(sp => sp.GetRequiredService<IdentityStore>());
        builder.Services.AddSingleton<TransferCodes>();
        builder.Services.AddSingleton<ISchema>(sp => sp.GetRequiredService<TransferCodes>());
        builder.Services.AddSingleton<VisitorCookie>();
        builder.Services.AddScoped<Membership>();
        return builder;
    }

    public static WebApplication MapIdentity(this WebApplication app)
    {
        app.MapGet("/avatars/{name}.svg", (string name, HttpResponse response) =>
        {
            if (!NameGenerator.LooksLikeName(name))
            {
                return Results.NotFound();
            }

            // Drawn from the name alone, so it never changes: cache it for good.
            response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Content(AvatarSvg.Draw(name), "image/svg+xml");
        });
        return app;
    }
}
