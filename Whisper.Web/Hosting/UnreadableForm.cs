using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Whisper.Web.Hosting;

/// <summary>
/// A form the server cannot parse (a NUL character, a malformed body) would otherwise leave every action
/// parameter unbound and end in a misleading 404 or 500. Answer 400 with a sentence a person can act on.
/// </summary>
public sealed class UnreadableForm : IAsyncResourceFilter
{
    public const string Message = "The form could not be read: it contains characters that cannot be sent. Remove them and try again.";

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.HasFormContentType)
        {
            try
            {
                await request.ReadFormAsync(context.HttpContext.RequestAborted);
            }
            catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException)
            {
                context.Result = new ContentResult
                {
                    StatusCode = StatusCodes.Status400BadRequest,
                    ContentType = "text/plain; charset=utf-8",
                    Content = Message,
                };
                return;
            }
        }

        await next();
    }
}
