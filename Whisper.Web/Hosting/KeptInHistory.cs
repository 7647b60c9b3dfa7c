using Microsoft.AspNetCore.Mvc.Filters;

namespace Whisper.Web.Hosting;

/// <summary>
/// A page the browser may keep for Back and Forward. Antiforgery marks every page holding a token <c>no-store</c>, which
/// also keeps it out of the back/forward cache, so going back to a room would load it again from scratch. This page is
/// <c>private, no-cache</c> instead: no shared cache keeps it and every ordinary visit asks again, while the tab's own
/// history may show it at once; its stream then resumes after the last message it showed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KeptInHistoryAttribute : ActionFilterAttribute
{
    public override void OnActionExecuting(ActionExecutingContext context)
    {
        var response = context.HttpContext.Response;
        response.OnStarting(() =>
        {
            if (response.StatusCode == StatusCodes.Status200OK)
            {
                response.Headers.CacheControl = "private, no-cache";
                response.Headers.Pragma = default;
            }

            return Task.CompletedTask;
        });
    }
}
