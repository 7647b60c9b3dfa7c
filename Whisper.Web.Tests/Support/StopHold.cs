using Microsoft.Extensions.Hosting;

namespace Whisper.Web.Tests.Support;

/// <summary>
/// Holds a stopping app between ApplicationStopping and the server's own stop (the moment a SIGTERM'd node is still
/// listening), until the test releases it: hosted services are told "stopping" before any of them stops.
/// </summary>
public sealed class StopHold : IHostedLifecycleService
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the app has begun to stop and is held.</summary>
    public Task Reached => reached.Task;

    public void Release() => released.TrySetResult();

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        reached.TrySetResult();
        await released.Task.WaitAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
