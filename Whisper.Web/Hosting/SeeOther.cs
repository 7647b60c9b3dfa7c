using Microsoft.AspNetCore.Mvc;

namespace Whisper.Web.Hosting;

public static class SeeOtherExtensions
{
    /// <summary>303 after a plain form post: the browser follows with a GET, and a reload does not post again.</summary>
    public static IActionResult SeeOther(this ControllerBase controller, string localUrl)
    {
        controller.Response.Headers.Location = localUrl;
        return controller.StatusCode(StatusCodes.Status303SeeOther);
    }
}
