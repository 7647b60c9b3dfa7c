namespace Whisper.Web.Site;

/// <summary>Who may join the rooms; the stranger chat's age is <c>Whisper:Talk:MinimumAge</c> (18 unless raised).</summary>
public static class Ages
{
    public const int Rooms = 13;

    /// <summary>The age of digital consent the GDPR allows member states to set, at its highest.</summary>
    public const int RoomsInEu = 16;
}
