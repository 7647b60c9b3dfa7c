using System.Globalization;
using Htmx;

namespace Whisper.Web.Hosting;

/// <summary>The answer to a request that came too fast: 429 with Retry-After, and a sentence a person can act on.</summary>
public static class SlowDown
{
    private static readonly object MessageKey = new();

    public static Task RespondAsync(HttpContext context, TimeSpan retryAfter, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Items[MessageKey] = message;
        // A page navigation gets the friendly error page (re-executed with this status); htmx, streams
        // and programs get the sentence as plain text, which the page shows beside the form.
        return WantsPage(context.Request) ? Task.CompletedTask : response.WriteAsync(message);
    }

    /// <summary>The sentence for the error page, when the 429 came from here.</summary>
    public static string? MessageFor(HttpContext context) => context.Items.TryGetValue(MessageKey, out var message) ? message as string : null;

    public static string Describe(TimeSpan wait) => wait.TotalSeconds switch
    {
        <= 1 => "a second",
        < 90 => $"{Math.Ceiling(wait.TotalSeconds):0} seconds",
        < 90 * 60 => $"{Math.Ceiling(wait.TotalMinutes):0} minutes",
        _ => $"{Math.Ceiling(wait.TotalHours):0} hours",
    };

    private static bool WantsPage(HttpRequest request) =>
        !request.IsHtmx() && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
