using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;
using Whisper.Web.Talk;

namespace Whisper.Web.Site;

/// <summary>One thing to settle before inviting people: whether it is done, how it stands, and where to set it.</summary>
public sealed record SetupStep(string Setting, bool Done, string Now, string Where)
{
    /// <summary>The step and how it stands as keys, so the admin home says them in the reader's language (<c>AdminText</c>: <c>Checklist.{Topic}.{State}</c>).</summary>
    public string Topic { get; init; } = "";

    public string State { get; init; } = "";

    /// <summary>What the state names (the contacts' labels, the site's name), not translated.</summary>
    public string Detail { get; init; } = "";
}

/// <summary>
/// What an operator should settle before inviting people, shown in the console block at start and on the admin home.
/// </summary>
public sealed class SetupChecklist(SiteSettings site, IOptions<TalkOptions> talk, IOptions<ForwardedHeadersSettings> forwarded)
{
    /// <summary>
    /// <paramref name="servedOverHttps"/>: known for a request, or when Kestrel itself serves HTTPS; otherwise a trusted
    /// reverse proxy is taken as the place where HTTPS ends.
    /// </summary>
    public IReadOnlyList<SetupStep> Steps(bool? servedOverHttps = null)
    {
        var current = site.Value;
        var https = servedOverHttps ?? forwarded.Value.Enabled;
        var relayed = talk.Value.UsesRelayOnly;
        return
        [
            new("Contact", current.Contact.Count > 0, current.Contact.Count > 0 ? string.Join(", ", current.Contact.Select(c => c.Label)) : "none, so /contact says nobody can be reached",
                "Whisper:Site:Contact, or the admin's Site page")
            { Topic = "Contact", State = current.Contact.Count > 0 ? "Set" : "None", Detail = string.Join(", ", current.Contact.Select(c => c.Label)) },
            new("Site name", current.Name != SiteSettings.DefaultName || site.IsConfigured(SiteSettings.Keys.Name) || site.Saved(SiteSettings.Keys.Name) is not null,
                $"“{current.Name}”", "Whisper:Site:Name, or the admin's Site page")
            { Topic = "Name", State = "Set", Detail = current.Name },
            new("TURN relay", relayed, relayed ? "calls are relayed; addresses stay hidden"
                : talk.Value.HasRelay ? "a relay is set, but RelayOnly is false, so calls go direct first and partners learn each other's address"
                : "none, so calls connect only where the browsers can reach each other, and partners learn each other's address",
                "Whisper:Talk (README: Talk to a stranger)")
            { Topic = "Turn", State = relayed ? "RelayOnly" : talk.Value.HasRelay ? "Direct" : "None" },
            new("HTTPS", https, https ? (servedOverHttps is null ? "behind a trusted reverse proxy" : "this page came over HTTPS") : "not seen; browsers allow notifications, installing and calls only over HTTPS (or on localhost)",
                "a reverse proxy with TLS (README: Deploying behind a reverse proxy)")
            { Topic = "Https", State = https ? (servedOverHttps is null ? "Proxy" : "Seen") : "NotSeen" },
        ];
    }
}
