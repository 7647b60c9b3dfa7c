using Whisper.Web.Cluster;
using Whisper.Web.Files;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;
using Whisper.Web.Push;
using Whisper.Web.Rooms;
using Whisper.Web.Storage;
using Whisper.Web.Strangers;

if (HashPasswordCommand.TryRun(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.AddHosting();
builder.AddStorage();
builder.AddCluster();
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
app.MapIdentity();
app.MapRooms();
app.MapAppShell();
app.MapTalk();

app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
