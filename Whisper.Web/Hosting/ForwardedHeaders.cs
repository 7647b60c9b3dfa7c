using Microsoft.Extensions.Options;

namespace Whisper.Web.Hosting;

/// <summary>
/// Behind a reverse proxy, the client's address and scheme come from X-Forwarded-For and X-Forwarded-Proto,
/// trusted only from the configured proxies. Off by default: a server facing the internet directly must not
/// believe a header any client can send.
/// </summary>
public static class ForwardedHeaders
{
    public static WebApplicationBuilder AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        builder.AddSettings<ForwardedHeadersSettings>(ForwardedHeadersSettings.Section)
            .Validate(o => o.AreValid(), "Whisper:ForwardedHeaders:KnownProxies must be IP addresses.");
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, settings) =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in settings.Value.Proxies)
            {
                o.KnownProxies.Add(proxy);
            }
        });
        return builder;
    }

    public static WebApplication UseForwardedHeadersIfEnabled(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
