using System.Globalization;
using Htmx;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

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
        if (WantsPage(context.Request))
        {
            return Task.CompletedTask;
        }

        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message);
    }

    /// <summary>The sentence for the error page, when the 429 came from here.</summary>
    public static string? MessageFor(HttpContext context) => context.Items.TryGetValue(MessageKey, out var message) ? message as string : null;

    /// <summary>
    /// A refusal of the hosting layer (<c>Refusal.SlowDown</c>, <c>Refusal.Blocked</c>) saying how long to wait, in the
    /// request's language: the limiter runs after the request's culture is chosen (<see cref="HostingFeature.UseHosting"/>).
    /// </summary>
    public static Task RespondAsync(HttpContext context, TimeSpan retryAfter, Func<IStringLocalizer<Text>, string, string> sentence)
    {
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<Text>>();
        return RespondAsync(context, retryAfter, sentence(text, text.Duration(retryAfter, DurationStyle.WaitRoundedUp)));
    }

    private static bool WantsPage(HttpRequest request) =>
        !request.IsHtmx() && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
