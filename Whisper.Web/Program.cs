using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Rooms;
using Whisper.Web.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddHosting();
builder.AddStorage();
builder.AddIdentity();
builder.AddRooms();

var app = builder.Build();

app.UseHosting();
app.MapIdentity();
app.MapRooms();

app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
