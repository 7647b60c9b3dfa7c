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
    [HttpPost("/language")]
    public IActionResult Choose([FromForm] string? culture, [FromForm] string? returnUrl)
    {
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
}
