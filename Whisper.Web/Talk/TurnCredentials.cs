using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Whisper.Web.Talk;

/// <summary>
/// The ICE servers one conversation's browser may use: the static ones, and the TURN relay with credentials of its
/// own. The credentials follow the TURN REST form coturn checks with <c>use-auth-secret</c>
/// (draft-uberti-behave-turn-rest-00 section 2.2): username <c>expiry:random</c>, where expiry is in Unix seconds, and
/// password base64(HMAC-SHA1(secret, username)). The relay recomputes the password from its copy of the secret, so
/// the secret never leaves the server and each password stops working at its expiry.
/// </summary>
public sealed class TurnCredentials(IOptions<TalkOptions> options, TimeProvider time)
{
    /// <summary>The RTCIceServer list, as JSON, for one conversation.</summary>
    public string IceServersJson()
    {
        var talk = options.Value;
        var servers = talk.IceServers.Select(s => new BrowserIceServer(s.Urls, s.Username, s.Credential)).ToList();
        if (talk.Turn.Configured)
        {
            var (username, credential) = Issue(talk.Turn);
            servers.Add(new BrowserIceServer(talk.Turn.Urls, username, credential));
        }

        return JsonSerializer.Serialize(servers);
    }

    public (string Username, string Credential) Issue(TurnOptions turn)
    {
        var expiry = (time.GetUtcNow() + turn.CredentialLifetime).ToUnixTimeSeconds();
        // Random, not the session id: the relay's logs cannot be tied to a conversation on this server.
        var username = $"{expiry}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        // HMAC-SHA1 because the TURN REST form and coturn's check use it; HMAC keeps it sound where plain SHA-1 is not.
#pragma warning disable CA5350
        var credential = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(turn.Secret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350
        return (username, credential);
    }

    private sealed record BrowserIceServer(
        [property: System.Text.Json.Serialization.JsonPropertyName("urls")] List<string> Urls,
        [property: System.Text.Json.Serialization.JsonPropertyName("username")] string? Username,
        [property: System.Text.Json.Serialization.JsonPropertyName("credential")] string? Credential);
}
