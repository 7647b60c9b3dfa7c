using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Whisper.Web.Languages;

public static class LanguagesFeature
{
    /// <summary>The language a person picked in the footer; it wins over what the browser asks for.</summary>
    public const string Cookie = "whisper_language";

    /// <summary>How long the picker's choice is kept, as the policy says.</summary>
    public const int CookieDays = 400;

    /// <summary>Interface texts from <c>Languages/Text*.resx</c>, seen through the pseudo-language decorator.</summary>
    public static WebApplicationBuilder AddLanguages(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        builder.Services.AddSingleton<IStringLocalizerFactory, PseudoLanguageFactory>();
        builder.Services.AddControllersWithViews()
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Text)));

        // The pseudo-language is for tests and for a developer looking for untranslated text, never for visitors.
        var offered = Language.All.Select(l => l.Culture).ToList();
        if (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"))
        {
            offered.Add(Language.Pseudo);
        }

        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = offered.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // The picker's cookie, then Accept-Language, then English: no language in the address, so links stay shareable.
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = Cookie },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    public static WebApplication UseLanguages(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    /// <summary>Whether <paramref name="culture"/> is one this server offers (the pseudo-language only where it is on).</summary>
    public static bool IsOffered(this RequestLocalizationOptions options, string culture) =>
        options.SupportedUICultures?.Any(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase)) == true;
}
