using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;
using Whisper.Web.Rooms;

namespace Whisper.Web.Files;

public static class FilesFeature
{
    public static WebApplicationBuilder AddFiles(this WebApplicationBuilder builder)
    {
        builder.AddSettings<FileSharingOptions>(FileSharingOptions.Section)
            .Validate(o => o.AreValid(), "Whisper:Files: Retention must be positive and MaxTotalBytes at least MaxBytes.");
        builder.Services.AddSingleton<FileStore>();
        builder.Services.AddSingleton<FileSharing>();
        builder.Services.AddSingleton<FileCleanup>();
        builder.Services.AddSingleton<IMessageDropped>(sp => sp.GetRequiredService<FileCleanup>());
        builder.Services.AddSingleton<IMessageHeld>(sp => sp.GetRequiredService<FileCleanup>());
        builder.Services.AddHostedService<FileSweeper>();
        return builder;
    }

    /// <summary>A message arriving makes its file known here; leaving its room, it takes its file with it.</summary>
    private sealed class FileCleanup(FileStore store) : IMessageDropped, IMessageHeld
    {
        public void Held(ChatMessage message)
        {
            if (message.File is { Expired: false } file)
            {
                store.Adopt(file);
            }
        }

        public void Dropped(ChatMessage message)
        {
            if (message.File is { } file)
            {
                store.Delete(file.Id);
            }
        }
    }

    /// <summary>
    /// Deletes last run's leftovers at start (on one node never later: an upload in progress is a leftover too), then
    /// expired files every minute.
    /// </summary>
    private sealed class FileSweeper(FileStore store, RoomChat chat, IOptions<Cluster.ClusterOptions> cluster, TimeProvider time, ILogger<FileSweeper> logger)
        : PeriodicWork(TimeSpan.FromMinutes(1), time, logger)
    {
        public override Task StartAsync(CancellationToken cancellationToken)
        {
            store.DeleteLeftovers();
            return base.StartAsync(cancellationToken);
        }

        protected override async Task RunOnceAsync(CancellationToken stoppingToken)
        {
            if (cluster.Value.IsShared)
            {
                store.DeleteLeftovers();
            }

            foreach (var id in store.DeleteExpired())
            {
                // The message stays, saying the file expired, live and in replays.
                await chat.ExpireFileAsync(id);
            }
        }
    }
}
