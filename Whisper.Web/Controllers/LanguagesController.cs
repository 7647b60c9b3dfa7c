using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;
using Whisper.Web.Languages;

namespace Whisper.Web.Controllers;

/// <summary>The footer's language picker: remembers the choice in a cookie and goes back to the page it was on.</summary>
public sealed class LanguagesController(IOptions<RequestLocalizationOptions> localization, IStringLocalizer<Text> text) : Controller
{
    /// <remarks>
    /// The picker is on every page, so an antiforgery token would give every visitor a cookie on their first page.
    /// Browsers say where a form was posted from instead (OWASP's CSRF cheat sheet, "fetch metadata" and "verifying
    /// origin"): <c>Sec-Fetch-Site</c>, or in older ones <c>Origin</c> (<c>null</c> under this site's no-referrer policy).
    /// Refusing other sites stops them from switching someone's language.
    /// </remarks>
    [HttpPost("/language")]
    [IgnoreAntiforgeryToken]
    public IActionResult Choose([FromForm] string? culture, [FromForm] string? returnUrl)
    {
        if (FromAnotherSite())
        {
            return PlainText.Result(StatusCodes.Status403Forbidden, text["Language.OtherSite"]);
        }

        if (culture is null || !localization.Value.IsOffered(culture))
        {
            return PlainText.Result(StatusCodes.Status400BadRequest, text["Language.Unknown"]);
        }

        Response.Cookies.Append(LanguagesFeature.Cookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(LanguagesFeature.CookieDays),
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps,
            IsEssential = true,
        });

        // Only back to a page of this site: a form posted from elsewhere cannot turn this into an open redirect.
        return this.SeeOther(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    private bool FromAnotherSite()
    {
        if (Request.Headers["Sec-Fetch-Site"] is [{ } site])
        {
            return site != "same-origin";
        }

        return Request.Headers.Origin is [{ } origin] && origin != "null"
            && !string.Equals(origin, $"{Request.Scheme}://{Request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
