using Microsoft.AspNetCore.Mvc;

namespace Whisper.Web.Controllers;

/// <summary>The site's own pages: landing, about, FAQ, terms, privacy policy, contact, and the friendly error pages.</summary>
public sealed class PagesController(Site.SiteSettings site) : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View(site.Notice);

    [HttpGet("/about")]
    public IActionResult About() => View();

    [HttpGet("/contact")]
    public IActionResult Contact() => View();

    [HttpGet("/faq")]
    public IActionResult Faq() => View();

    [HttpGet("/tos")]
    public IActionResult Terms() => View();

    [HttpGet("/privacy-policy")]
    public IActionResult Privacy() => View();

    [Route("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Error([FromRoute] int code)
    {
        // A page that needed Redis while it was away: the visitor is told it is brief, not that the server broke.
        // A full or read-only disk: the server's storage is the problem, not the visitor's request.
        var error = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
        if (Storage.StorageTrouble.Is(error))
        {
            var folder = HttpContext.RequestServices.GetRequiredService<Storage.Database>().DataPath;
            HttpContext.RequestServices.GetRequiredService<ILogger<PagesController>>().LogError("Could not save: {Problem}", Storage.StorageTrouble.Describe(folder, error));
        }

        Response.StatusCode = error is Cluster.ClusterUnavailableException ? 503 : Storage.StorageTrouble.Is(error) ? 507 : code is >= 400 and < 600 ? code : 500;
        return View(Response.StatusCode);
    }
}
