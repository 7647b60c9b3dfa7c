namespace Whisper.Web.Hosting;

/// <summary>
/// Background work repeated on an interval of the injected <see cref="TimeProvider"/> (so tests can drive it).
/// A failing round is logged and the next one runs: an exception escaping a BackgroundService stops the host.
/// </summary>
public abstract class PeriodicWork(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock => time;

    /// <summary>Run one round at start as well, not only after the first interval.</summary>
    protected virtual bool RunsAtStart => false;

    protected abstract Task RunOnceAsync(CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            if (RunsAtStart)
            {
                await RunSafelyAsync(stoppingToken);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunSafelyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunSafelyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunOnceAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "{Work} failed; it runs again in {Interval}", GetType().Name, interval);
        }
    }
}
