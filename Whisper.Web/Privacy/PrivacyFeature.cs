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
    private sealed class AddressSweeper(ClientAddresses addresses, TimeProvider time) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    addresses.Sweep();
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping; memory goes with the process.
            }
        }
    }
}
