using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Push;

/// <summary>A push service on a loopback port: records what it receives and answers each endpoint as told.</summary>
public sealed class FakePushService : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakePushService(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Path, IHeaderDictionary Headers, byte[] Body)> Received { get; } = new();

    /// <summary>Status per endpoint path; 201 when not listed.</summary>
    public ConcurrentDictionary<string, int> Answers { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakePushService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var service = new FakePushService(builder.Build());
        service.app.MapPost("/push/{id}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            service.Received.Enqueue((context.Request.Path, new HeaderDictionary(context.Request.Headers.ToDictionary()), body.ToArray()));
            context.Response.StatusCode = service.Answers.GetValueOrDefault(context.Request.Path.Value!, 201);
        });
        await service.app.StartAsync();
        service.BaseUrl = service.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return service;
    }

    public async Task<(string Path, IHeaderDictionary Headers, byte[] Body)> NextAsync(string path)
    {
        (string Path, IHeaderDictionary Headers, byte[] Body) found = default;
        var arrived = await Eventually.HoldsAsync(() => (found = Received.FirstOrDefault(r => r.Path == path)).Body is not null, attempts: 100);
        return arrived ? found : throw new TimeoutException($"No push reached {path}.");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
