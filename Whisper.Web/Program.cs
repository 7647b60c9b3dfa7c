using Whisper.Web.AppShell;
using Whisper.Web.Cluster;
using Whisper.Web.Files;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Metrics;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;
using Whisper.Web.Push;
using Whisper.Web.Rooms;
using Whisper.Web.Site;
using Whisper.Web.Sse;
using Whisper.Web.Storage;
using Whisper.Web.Talk;

if (VersionCommand.TryRun(args) || HashPasswordCommand.TryRun(args) || BackupCommand.TryRun(args))
{
    return;
}

var dataPath = new StorageOptions().DataPath;
try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Release.ContentRoot });
    dataPath = builder.Configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.DataPath)}"] ?? dataPath;

    builder.AddHosting();
    builder.AddLanguages();
    builder.AddMetrics();
    builder.AddStorage();
    builder.AddSse();
    builder.AddCluster();
    builder.AddSite();
    builder.AddPrivacy();
    builder.AddRateLimits();
    builder.AddIdentity();
    builder.AddRooms();
    builder.AddFiles();
    builder.AddPush();
    builder.AddTalk();
    builder.AddModeration();

    var app = builder.Build();

    app.UseHosting();
    app.UseMetrics();
    app.UseCluster();
    app.MapIdentity();
    app.MapRooms();
    app.MapAppShell();
    app.MapTalk();

    app.Run();
}
catch (Exception exception) when (StorageTrouble.Is(exception))
{
    // A full or read-only data folder: one clear line and exit code 1, not a crash dump.
    Console.Error.WriteLine($"Whisper cannot start: {StorageTrouble.Describe(Path.GetFullPath(dataPath), exception)}.");
    Environment.ExitCode = 1;
}

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
