using Microsoft.AspNetCore.Mvc;

namespace Whisper.Web.Hosting;

/// <summary>A sentence with a status, as plain text: what htmx requests and programs get when something is refused.</summary>
public static class PlainText
{
    public static ContentResult Result(int status, string message) =>
        new() { StatusCode = status, ContentType = "text/plain; charset=utf-8", Content = message };
}
