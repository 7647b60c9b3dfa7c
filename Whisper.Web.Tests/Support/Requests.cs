using System.Net;
using Microsoft.AspNetCore.Http;

namespace Whisper.Web.Tests.Support;

/// <summary>Requests as the app's services see them, without a server: for tests of what an address may do.</summary>
public static class Requests
{
    /// <summary>A request that came from <paramref name="address"/>.</summary>
    public static DefaultHttpContext From(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }
}
