using Microsoft.AspNetCore.Mvc;

namespace Whisper.Web.Controllers;

/// <summary>The app shell's one page; the manifest and the service worker are mapped by <see cref="AppShell.AppShellFeature"/>.</summary>
public sealed class AppShellController : Controller
{
    /// <summary>What the service worker shows when there is no network; cached with the app shell.</summary>
    [HttpGet("/offline")]
    public IActionResult Offline() => View();
}
