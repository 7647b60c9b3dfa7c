namespace Whisper.Web.Site;

/// <summary>Section <c>Whisper:Site</c>: how this installation presents itself, and who answers for it.</summary>
public sealed class SiteOptions
{
    public const string Section = "Whisper:Site";

    /// <summary>Shown in titles and the header; empty leaves it to the admin's Site page (default "Whisper").</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// Ways to reach the operator, each a label and an optional link (https, http or mailto), listed on /contact.
    /// A single string (the old form) is one way: a link when it is an address or a URL, a label otherwise. Empty leaves
    /// it to the admin's Site page.
    /// </summary>
    public List<ContactWay> Contact { get; set; } = [];

    /// <summary>Who runs this server and answers for the data it holds (a person or an organisation); named in the policy. Empty leaves it to the admin's Site page.</summary>
    public string Operator { get; set; } = "";

    /// <summary>Who hosts the server for the operator, named in the policy as processing data on the operator's behalf.</summary>
    public string HostingProvider { get; set; } = "";

    /// <summary>
    /// The date of the operator's last change to the privacy policy (yyyy-mm-dd); empty means the date its text last
    /// changed in this release (<see cref="PolicyDates.Written"/>). The later of the two is shown.
    /// </summary>
    public string PolicyUpdated { get; set; } = "";

    /// <summary>A notice on the landing page (material changes, planned downtime). Set here, the admin cannot change it.</summary>
    public string Notice { get; set; } = "";

    public bool AreValid() => Contact.All(c => c.IsValid()) && (PolicyUpdated.Length == 0 || DateOnly.TryParseExact(PolicyUpdated, "yyyy-MM-dd", out _));
}
