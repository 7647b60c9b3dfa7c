using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Talk;

/// <summary>
/// A WebRTC signal between two strangers' browsers: a session description (offer or answer) or an ICE candidate.
/// It comes from another visitor, so it is data and never markup: parsed into these shapes, re-serialised, and
/// delivered on a stream event that page script reads itself and no htmx element swaps.
/// </summary>
public sealed record TalkSignal(
    [property: JsonPropertyName("description")] TalkSignal.SessionDescription? Description,
    [property: JsonPropertyName("candidate")] TalkSignal.IceCandidate? Candidate)
{
    public const int MaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Strict = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 4,
    };

    public sealed record SessionDescription([property: JsonPropertyName("type")] string Type, [property: JsonPropertyName("sdp")] string Sdp);

    public sealed record IceCandidate(
        [property: JsonPropertyName("candidate")] string Candidate,
        [property: JsonPropertyName("sdpMid")] string? SdpMid,
        [property: JsonPropertyName("sdpMLineIndex")] int? SdpMLineIndex,
        [property: JsonPropertyName("usernameFragment")] string? UsernameFragment);

    /// <summary>The signal re-serialised from its parsed shape, or the sentence saying what is wrong with it, in the sender's language.</summary>
    public static (string? Json, string? Error) Normalise(string? posted, IStringLocalizer<TalkText> text)
    {
        if (string.IsNullOrEmpty(posted))
        {
            return (null, text["Refuse.Signal.Missing"]);
        }

        if (posted.Length > MaxBytes)
        {
            return (null, text["Refuse.Signal.TooLong", (MaxBytes / 1024).ToString("N0", System.Globalization.CultureInfo.CurrentCulture)]);
        }

        TalkSignal? signal;
        try
        {
            signal = JsonSerializer.Deserialize<TalkSignal>(posted, Strict);
        }
        catch (JsonException)
        {
            return (null, text["Refuse.Signal.NotJson"]);
        }

        var wellFormed = signal switch
        {
            { Description: { Type: "offer" or "answer", Sdp: not null }, Candidate: null } => true,
            { Candidate: { Candidate: not null } candidate, Description: null } => candidate.SdpMLineIndex is null or (>= 0 and < 1024),
            _ => false,
        };
        return wellFormed
            ? (JsonSerializer.Serialize(signal, Strict), null)
            : (null, text["Refuse.Signal.WrongShape"]);
    }
}
