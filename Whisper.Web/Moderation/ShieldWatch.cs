namespace Whisper.Web.Moderation;

/// <summary>
/// Looks once a minute whether an automatic raid shield spell has been quiet long enough to end, so its end reaches
/// the audit log when it happens, not only when someone next joins or opens the admin home.
/// </summary>
public sealed class ShieldWatch(RaidShield shield, TimeProvider time, ILogger<ShieldWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await shield.SettleAsync();
                }
                catch (System.Data.Common.DbException exception)
                {
                    logger.LogWarning(exception, "Could not write the raid shield's end to the audit log; trying again in a minute");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
