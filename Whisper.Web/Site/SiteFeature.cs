using Whisper.Web.Cluster;
using Whisper.Web.Hosting;
using Whisper.Web.Storage;

namespace Whisper.Web.Site;

public static class SiteFeature
{
    /// <summary>What the operator publishes: the site's name, how to reach them, the policy's date, the landing notice.</summary>
    public static WebApplicationBuilder AddSite(this WebApplicationBuilder builder)
    {
        builder.AddSettings<SiteOptions>(SiteOptions.Section)
            .PostConfigure(site => ReadSingleContact(builder.Configuration, site))
            .Validate(o => o.AreValid(), "Whisper:Site: each Contact needs a Label, and its Url must be https, http or mailto; PolicyUpdated is a yyyy-mm-dd date.");
        builder.Services.AddSingleton<SiteSettings>();
        builder.Services.AddSingleton<ISchema>(sp => sp.GetRequiredService<SiteSettings>());
        builder.Services.AddHostedService<SiteLoader>();
        builder.Services.AddSingleton<SetupChecklist>();
        builder.Services.AddSingleton<StartBanner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StartBanner>());
        return builder;
    }

    /// <summary><c>Whisper:Site:Contact</c> as one string, as before it became a list: one way to reach the operator.</summary>
    private static void ReadSingleContact(ConfigurationManager configuration, SiteOptions site)
    {
        if (site.Contact.Count == 0 && configuration[$"{SiteOptions.Section}:{nameof(SiteOptions.Contact)}"] is { Length: > 0 } single && single.Trim().Length > 0)
        {
            site.Contact = [ContactWay.FromText(single)];
        }
    }

    private sealed class SiteLoader(SiteSettings site, ClusterBus bus, ILogger<SiteLoader> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await site.LoadAsync();
            bus.On(SiteSettings.Topic, _ => site.LoadAsync());
            if (site.Value.Contact.Count == 0)
            {
                logger.LogWarning("No contact is published: set Whisper:Site:Contact, or add one on the admin's Site page, so people can reach you (the contact page says there is none until then).");
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
