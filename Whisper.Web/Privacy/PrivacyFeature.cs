using Whisper.Web.Hosting;
using Whisper.Web.Storage;

namespace Whisper.Web.Privacy;

public static class PrivacyFeature
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ClientAddresses>();
        builder.Services.AddHostedService<AddressSweeper>();
        builder.Services.AddSingleton<DailyStats>();
        builder.Services.AddSingleton<ISchema>(sp => sp.GetRequiredService<DailyStats>());
        builder.Services.AddHostedService<DailyStatsFlusher>();
        builder.AddAccessLog();
        builder.Services.AddScoped<Forgetting>();
        builder.Services.AddSingleton<Transparency>();
        return builder;
    }

    /// <summary>Forgets idle addresses every minute, so none outlives its hour by more than that.</summary>
    private sealed class AddressSweeper(ClientAddresses addresses, TimeProvider time, ILogger<AddressSweeper> logger)
        : PeriodicWork(TimeSpan.FromMinutes(1), time, logger)
    {
        protected override Task RunOnceAsync(CancellationToken stoppingToken)
        {
            addresses.Sweep();
            return Task.CompletedTask;
        }
    }
}
