using Htmx;
using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Privacy;

namespace Whisper.Web.Controllers;

/// <summary>/transparency: the live counts of what the server holds; the page polls its figures.</summary>
public sealed class TransparencyController(Transparency transparency) : Controller
{
    [HttpGet("/transparency")]
    public async Task<IActionResult> Index()
    {
        var figures = await transparency.MeasureAsync();
        Response.Headers.CacheControl = "no-store";
        return Request.IsHtmx() ? PartialView("_Figures", figures) : View(figures);
    }
}
