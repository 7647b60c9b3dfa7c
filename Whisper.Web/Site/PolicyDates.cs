namespace Whisper.Web.Site;

/// <summary>When the privacy policy's text last changed in the code; bump it with every change to Views/Pages/Privacy.cshtml.</summary>
public static class PolicyDates
{
    public static readonly DateOnly Written = new(2026, 12, 1);

    /// <summary>The later of this release's date and the operator's own, so neither hides the other's change.</summary>
    public static DateOnly LastUpdated(SiteOptions site) =>
        DateOnly.TryParseExact(site.PolicyUpdated, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var operatorDate) && operatorDate > Written ? operatorDate : Written;
}
