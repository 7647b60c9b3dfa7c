using System.Net;

namespace Whisper.Web.Tests.Support;

/// <summary>Keeps a visitor's cookies like a browser does, and lets a test carry them to another server instance.</summary>
public sealed class CookieJar(CookieContainer cookies) : DelegatingHandler
{
    public CookieContainer Cookies => cookies;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var header = Cookies.GetCookieHeader(uri);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                Cookies.SetCookies(uri, value);
            }
        }

        return response;
    }
}
