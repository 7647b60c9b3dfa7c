namespace Whisper.Web.Identity;

/// <summary>Section <c>Whisper:Identity</c>.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Whisper:Identity";

    /// <summary>Name of the one cookie that carries the visitor's token.</summary>
    public string CookieName { get; set; } = "whisper_id";

    /// <summary>How long the cookie lives after the last visit; browsers cap cookies at 400 days.</summary>
    public int CookieDays { get; set; } = 400;
}
