using Microsoft.Extensions.Options;
using Whisper.Web.Rooms;

namespace Whisper.Web.Files;

public static class FilesFeature
{
    public static WebApplicationBuilder AddFiles(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FileOptions>()
            .Bind(builder.Configuration.GetSection(FileOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.AreValid(), "Whisper:Files: Retention must be positive and MaxTotalBytes at least MaxBytes.")
            .ValidateOnStart();
        builder.Services.AddSingleton<FileStore>();
        builder.Services.AddSingleton<IMessageDropped, FileCleanup>();
        builder.Services.AddHostedService<FileSweeper>();
        return builder;
    }

    /// <summary>A message leaving its room takes its file with it.</summary>
    private sealed class FileCleanup(FileStore store) : IMessageDropped
    {
        public void Dropped(ChatMessage message)
        {
            if (message.File is { } file)
            {
                store.Delete(file.Id);
            }
        }
    }

    /// <summary>Deletes last run's leftovers at start (never later: an upload in progress is a leftover too), then expired files every minute.</summary>
    private sealed class FileSweeper(FileStore store, RoomChat chat, TimeProvider time, ILogger<FileSweeper> logger) : BackgroundService
    {
        public override Task StartAsync(CancellationToken cancellationToken)
        {
            store.DeleteLeftovers();
            return base.StartAsync(cancellationToken);
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    await SweepAsync();
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping; the next start deletes whatever is left.
            }
        }

        internal async Task SweepAsync()
        {
            try
            {
                foreach (var id in store.DeleteExpired())
                {
                    await chat.ExpireFileAsync(id);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(exception, "File sweep failed; retrying in a minute");
            }
        }
    }
}
