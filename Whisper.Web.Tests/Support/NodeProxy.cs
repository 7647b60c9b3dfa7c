using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Whisper.Web.Tests.Support;

/// <summary>
/// A test-only load balancer on a loopback port: each connection goes to the first node still alive, bytes are
/// copied both ways. <see cref="Kill"/> makes a node die as far as browsers can tell: its connections drop and
/// new ones go to the next node.
/// </summary>
public sealed class NodeProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<Uri> nodes;
    private readonly ConcurrentDictionary<int, bool> dead = new();
    private readonly ConcurrentDictionary<(TcpClient Client, TcpClient Node), int> open = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;

    public NodeProxy(IReadOnlyList<Uri> nodes)
    {
        this.nodes = nodes;
        listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>Cuts every connection to the node and sends no more its way.</summary>
    public void Kill(int node)
    {
        dead[node] = true;
        foreach (var (pair, index) in open)
        {
            if (index == node)
            {
                Close(pair);
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        for (var index = 0; index < nodes.Count; index++)
        {
            if (dead.ContainsKey(index))
            {
                continue;
            }

            var node = new TcpClient();
            try
            {
                await node.ConnectAsync(IPAddress.Loopback, nodes[index].Port, stopping.Token);
            }
            catch (SocketException)
            {
                node.Dispose();
                continue;
            }

            var pair = (client, node);
            open[pair] = index;
            try
            {
                await Task.WhenAny(
                    client.GetStream().CopyToAsync(node.GetStream(), stopping.Token),
                    node.GetStream().CopyToAsync(client.GetStream(), stopping.Token));
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException)
            {
            }
            finally
            {
                open.TryRemove(pair, out _);
                Close(pair);
            }

            return;
        }

        client.Dispose();
    }

    private static void Close((TcpClient Client, TcpClient Node) pair)
    {
        pair.Client.Dispose();
        pair.Node.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        foreach (var pair in open.Keys)
        {
            Close(pair);
        }

        stopping.Dispose();
    }
}
