using System.Net;
using System.Text.RegularExpressions;

namespace Whisper.Bench;

/// <summary>A joined visitor who posts the way the page does: htmx header, antiforgery token, identity cookie.</summary>
public sealed partial class Poster(HttpClient http, string room, string cookies, string token)
{
    public static async Task<Poster> JoinAsync(HttpClient http, string room)
    {
        var path = "/chat/" + Uri.EscapeDataString(room);
        using var page = await http.GetAsync(path);
        var antiforgeryCookie = CookiesOf(page);
        var formToken = FormToken().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        using var join = new HttpRequestMessage(HttpMethod.Post, "/identity")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["accept"] = "true", ["room"] = room, ["__RequestVerificationToken"] = formToken }),
        };
        join.Headers.Add("Cookie", antiforgeryCookie);
        using var joined = await http.SendAsync(join);
        if (joined.StatusCode != HttpStatusCode.SeeOther)
        {
            throw new InvalidOperationException($"Joining failed with {(int)joined.StatusCode}.");
        }

        var cookies = antiforgeryCookie + "; " + CookiesOf(joined);
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.Add("Cookie", cookies);
        using var roomPage = await http.SendAsync(again);
        var headerToken = MetaToken().Match(await roomPage.Content.ReadAsStringAsync()).Groups[1].Value;
        return new Poster(http, room, cookies, headerToken);
    }

    /// <summary>Posts one message, blocking the calling thread; returns how long the POST took, in milliseconds, or null when it failed.</summary>
    public double? Post(string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/chat/{Uri.EscapeDataString(room)}/messages")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = text }),
        };
        request.Headers.Add("Cookie", cookies);
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            using var response = http.Send(request);
            return response.IsSuccessStatusCode ? System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Subscribes one browser of this name to the room's pushes, as the page's script does; true when created.</summary>
    public async Task<bool> SubscribeAsync(string endpoint, string p256dh, string auth)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/push/subscriptions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { room, endpoint, keys = new { p256dh, auth }, showText = true }),
        };
        request.Headers.Add("Cookie", cookies);
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.Created;
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<meta name=\"antiforgery-token\" content=\"([^\"]+)\"")]
    private static partial Regex MetaToken();
}
