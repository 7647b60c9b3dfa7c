using System.Net;
using AngleSharp.Dom;

namespace Whisper.Web.Tests.Support;

/// <summary>One person with their own cookies, speaking to the app over HTTP as a browser without script would.</summary>
public sealed class VisitorClient(HttpClient client, System.Net.CookieContainer cookies) : IDisposable
{
    public HttpClient Client => client;

    public System.Net.CookieContainer Cookies => cookies;

    public async Task<IDocument> OpenRoomAsync(string room = "lobby")
    {
        using var response = await client.GetAsync(RoomPath(room));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    /// <summary>Ticks the consent box and presses Join; returns the name the room page then shows.</summary>
    public async Task<string> JoinAsync(string room = "lobby")
    {
        using var response = await SubmitAsync(await OpenRoomAsync(room), "/identity", new() { ["accept"] = "true", ["room"] = room });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var page = await OpenRoomAsync(room);
        var name = page.QuerySelector("[data-me].me")?.GetAttribute("data-me");
        Assert.False(string.IsNullOrEmpty(name), "the room page shows no name after joining");
        return name!;
    }

    /// <summary>
    /// Posts as the plain form does (no script), or in place as htmx does when <paramref name="htmx"/> is set;
    /// with <paramref name="sendKey"/>, as a composer carrying that key (sent again after a lost answer).
    /// </summary>
    public async Task<HttpResponseMessage> PostMessageAsync(string room, string text, bool htmx = false, string? sendKey = null)
    {
        var page = await OpenRoomAsync(room);
        var path = RoomPath(room) + "/messages";
        Dictionary<string, string> fields = sendKey is null ? new() { ["text"] = text } : new() { ["text"] = text, ["key"] = sendKey };
        return htmx ? await PostAsHtmxAsync(page, path, fields) : await SubmitAsync(page, path, fields);
    }

    /// <summary>Posts as htmx does from <paramref name="page"/>: form fields, HX-Request, and the page's antiforgery token as a header.</summary>
    public async Task<HttpResponseMessage> PostAsHtmxAsync(IDocument page, string path, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", page.QuerySelector("meta[name=antiforgery-token]")!.GetAttribute("content"));
        return await client.SendAsync(request);
    }

    public async Task<SseReader> OpenStreamAsync(string room, long? after = null, long? lastEventId = null)
    {
        var path = RoomPath(room) + "/events" + (after is null ? "" : $"?after={after}");
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseReader(response);
    }

    /// <summary>Shares a file as the composer does: with htmx (token header) or as the plain multipart form (token field first).</summary>
    public async Task<HttpResponseMessage> UploadAsync(string room, byte[] content, string fileName, string? caption = null, bool htmx = true)
    {
        var page = await OpenRoomAsync(room);
        var form = new MultipartFormDataContent();
        var token = page.QuerySelector("meta[name=antiforgery-token]")!.GetAttribute("content")!;
        if (!htmx)
        {
            form.Add(new StringContent(page.QuerySelector("#composer input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken");
        }

        form.Add(new StringContent(caption ?? ""), "text");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, RoomPath(room) + "/files") { Content = form };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
            request.Headers.Add("RequestVerificationToken", token);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Starts a stranger chat as the /talk page does; returns the page and the session id its panel holds.</summary>
    public async Task<(IDocument Page, string Session)> StartTalkAsync(string mode = "text", string? interests = null)
    {
        var (_, page) = await GetAsync("/talk");
        var fields = new Dictionary<string, string> { ["adult"] = "true", ["mode"] = mode };
        if (interests is not null)
        {
            fields["interests"] = interests;
        }

        using var started = await PostAsHtmxAsync(page, "/talk/queue", fields);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        return (page, (await Html.ParseAsync(started)).QuerySelector(".talk")!.GetAttribute("data-session")!);
    }

    /// <summary>Subscribes to pushes for a room as push.js does, with the browser's key pair and secret.</summary>
    public async Task<HttpResponseMessage> SubscribePushAsync(string room, string endpoint, System.Security.Cryptography.ECDiffieHellman key, byte[] auth, bool showText, bool mentionsOnly = false)
    {
        var page = await OpenRoomAsync("lobby");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/push/subscriptions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                room,
                endpoint,
                keys = new { p256dh = Whisper.Web.Push.PushKeys.ToBase64Url(Whisper.Web.Push.PushKeys.ExportPublic(key)), auth = Whisper.Web.Push.PushKeys.ToBase64Url(auth) },
                showText,
                mentionsOnly,
            }),
        };
        request.Headers.Add("RequestVerificationToken", page.QuerySelector("meta[name=antiforgery-token]")!.GetAttribute("content"));
        return await client.SendAsync(request);
    }

    /// <summary>The stranger chat's stream for a session, as the page opens it.</summary>
    public async Task<SseReader> OpenTalkAsync(string session)
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/talk/events?session=" + session), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseReader(response);
    }

    /// <summary>Any page, parsed, with its status; redirects are not followed.</summary>
    public async Task<(HttpStatusCode Status, IDocument Page)> GetAsync(string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await Html.ParseAsync(response));
    }

    /// <summary>Opens the login page and submits the password, as the operator would.</summary>
    public async Task<HttpResponseMessage> LogInAsAdminAsync(string password = WhisperApp.AdminPassword, string account = Whisper.Web.Moderation.Accounts.FirstAdmin)
    {
        var (_, page) = await GetAsync("/admin/login");
        return await SubmitAsync(page, "/admin/login", new() { ["account"] = account, ["password"] = password });
    }

    /// <summary>Submits the page's form for <paramref name="action"/> after opening <paramref name="path"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, string action, Dictionary<string, string> fields)
    {
        var (_, page) = await GetAsync(path);
        return await SubmitAsync(page, action, fields);
    }

    public void Dispose() => client.Dispose();

    private static string RoomPath(string room) => "/chat/" + Uri.EscapeDataString(room);

    /// <summary>Submits the page's form for <paramref name="action"/> with its hidden fields, like pressing its button.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(IDocument page, string action, Dictionary<string, string> fields)
    {
        var form = page.QuerySelectorAll("form").FirstOrDefault(f => f.GetAttribute("action") == action)
            ?? throw new InvalidOperationException($"The page has no form posting to {action}.");
        var values = form.QuerySelectorAll("input[type=hidden]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }
}
