using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Hosting;

/// <summary>
/// A form the server cannot read (too large, a NUL character, a malformed body) would otherwise leave every
/// action parameter unbound and end in a misleading 404 or 500. Answer with the right status and a sentence
/// a person can act on; htmx shows it in the page and the composer keeps what was typed.
/// </summary>
public sealed class UnreadableForm : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.HasFormContentType && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<StreamedBodyAttribute>() is null)
        {
            try
            {
                await request.ReadFormAsync(context.HttpContext.RequestAborted);
            }
            catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                context.Result = Refusal(context, StatusCodes.Status413PayloadTooLarge, "Refusal.TooLarge");
                return;
            }
            catch (InvalidDataException exception) when (exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
            {
                context.Result = Refusal(context, StatusCodes.Status413PayloadTooLarge, "Refusal.TooLarge");
                return;
            }
            catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException)
            {
                context.Result = Refusal(context, StatusCodes.Status400BadRequest, "Refusal.Unreadable");
                return;
            }
        }

        await next();
    }

    /// <summary>The sentence in the request's language, looked up only when a form is refused.</summary>
    private static ContentResult Refusal(ResourceExecutingContext context, int status, string key) =>
        PlainText.Result(status, context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Text>>()[key]);

}

/// <summary>Marks an action that reads its body as a stream (uploads): nothing may read the form first.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StreamedBodyAttribute : Attribute;
