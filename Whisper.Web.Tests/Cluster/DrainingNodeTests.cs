using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Cluster;

/// <summary>A node stopped (SIGTERM) while a post is in flight finishes the post before it goes.</summary>
[Trait("Category", "Cluster")]
public sealed class DrainingNodeTests
{
    [ClusterFact]
    public async Task A_post_in_flight_when_its_node_stops_is_answered_and_reaches_streams_on_the_other_node()
    {
        await using var cluster = new TestCluster();
        var gate = new PostGate("/chat/lobby/messages");
        var stopped = cluster.AddNode(services => services.AddSingleton<IStartupFilter>(gate));
        var port = stopped.StartOnLoopback().Port;
        using var poster = stopped.NewVisitor();
        using var reader = cluster.B.NewVisitor();
        await poster.JoinAsync();
        var page = await reader.OpenRoomAsync();
        await using var onB = await reader.OpenStreamAsync("lobby", page.LastSequence());

        var posting = poster.PostMessageAsync("lobby", "posted as the node stops");
        await gate.Arrived.WaitAsync(TimeSpan.FromSeconds(10));
        var stopping = Task.Run(async () => await stopped.DisposeAsync());
        // The server has begun its own stop when it no longer takes connections; the post is still held.
        Assert.True(await Eventually.HoldsAsync(async () => !await AcceptsAsync(port)), "the node kept listening");
        Assert.False(posting.IsCompleted);

        gate.Release();

        using var answer = await posting;
        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.Contains("posted as the node stops", (await onB.NextAsync("message")).Data, StringComparison.Ordinal);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Holds the first POST to a path until released: a post in flight, at a moment the test chooses.</summary>
    private sealed class PostGate(string path) : IStartupFilter
    {
        private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Arrived => arrived.Task;

        public void Release() => released.TrySetResult();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == path && arrived.TrySetResult())
                {
                    await released.Task;
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
