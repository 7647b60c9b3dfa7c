using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Whisper.Web.Tests.Support;

/// <summary>
/// A test-only load balancer on a loopback port: each connection goes to the first node still alive, bytes are
/// copied both ways. <see cref="Kill"/> makes a node die as far as browsers can tell: its connections drop and
/// new ones go to the next node. <see cref="KillOnAnswer"/> makes it die at one chosen moment: after it has
/// handled a request, before its answer leaves. <see cref="Unreachable"/> cuts every new connection, as a lost
/// signal does. <see cref="Log"/> says which node had which request, to tell a lost post from a slow stream.
/// </summary>
public sealed class NodeProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Uri[] nodes;
    private readonly ConcurrentDictionary<int, bool> dead = new();
    private readonly ConcurrentDictionary<(TcpClient Client, TcpClient Node), int> open = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private readonly ConcurrentQueue<string> log = new();
    private int connections;
    private bool unreachable;
    private volatile AnswerTrap? trap;

    public NodeProxy(IReadOnlyList<Uri> nodes)
    {
        this.nodes = [.. nodes];
        listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>While set, every new connection is closed at once, before it reaches any node.</summary>
    public bool Unreachable
    {
        get => Volatile.Read(ref unreachable);
        set => Volatile.Write(ref unreachable, value);
    }

    /// <summary>Each connection's node, its request lines and its end, with times: printed when a test fails.</summary>
    public IEnumerable<string> Log => log;

    /// <summary>Sends new connections for node <paramref name="node"/> to <paramref name="address"/>: a node restarted, as a deploy does.</summary>
    public void Replace(int node, Uri address)
    {
        Volatile.Write(ref nodes[node], address);
        dead.TryRemove(node, out _);
        Note($"node {node} now {address}");
    }

    /// <summary>Cuts every connection to the node and sends no more its way.</summary>
    public void Kill(int node)
    {
        dead[node] = true;
        Note($"node {node} killed");
        foreach (var (pair, index) in open)
        {
            if (index == node)
            {
                Close(pair);
            }
        }
    }

    /// <summary>
    /// The next request to <paramref name="node"/> starting with <paramref name="requestLine"/> reaches the node;
    /// when the node starts to answer, the answer is dropped and the node killed. Completes when that happened.
    /// </summary>
    public Task KillOnAnswer(int node, string requestLine)
    {
        var armed = new AnswerTrap(node, requestLine);
        trap = armed;
        return armed.Sprung.Task;
    }

    private void Note(string line) => log.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");

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
        var number = Interlocked.Increment(ref connections);
        if (Unreachable)
        {
            Note($"#{number} cut (unreachable)");
            client.Dispose();
            return;
        }

        for (var index = 0; index < nodes.Length && !Unreachable; index++)
        {
            if (dead.ContainsKey(index))
            {
                continue;
            }

            var node = new TcpClient();
            try
            {
                await node.ConnectAsync(IPAddress.Loopback, Volatile.Read(ref nodes[index]).Port, stopping.Token);
            }
            catch (SocketException)
            {
                node.Dispose();
                continue;
            }

            // Registered before the second look at the node: a Kill either sees this pair or is seen here. A
            // connection accepted before the way in was cut, still on its way to a node, is cut too.
            var pair = (client, node);
            open[pair] = index;
            if (dead.ContainsKey(index) || Unreachable)
            {
                open.TryRemove(pair, out _);
                node.Dispose();
                continue;
            }

            Note($"#{number} to node {index}");
            var connection = new Connection(number, index);
            try
            {
                await Task.WhenAny(CopyRequestsAsync(connection, client.GetStream(), node.GetStream()), CopyAnswersAsync(connection, node.GetStream(), client.GetStream()));
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
            {
            }
            finally
            {
                open.TryRemove(pair, out _);
                Close(pair);
                Note($"#{number} closed");
            }

            return;
        }

        Note($"#{number} cut (no node)");
        client.Dispose();
    }

    /// <summary>Copies what the browser sends, noting each request line that starts a chunk, and arming the trap on its request.</summary>
    private async Task CopyRequestsAsync(Connection connection, NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stopping.Token)) > 0)
        {
            var start = Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 120));
            if (start.StartsWith("GET ", StringComparison.Ordinal) || start.StartsWith("POST ", StringComparison.Ordinal))
            {
                Note($"#{connection.Number} {start.Split('\r')[0]}");
                if (trap is { } armed && armed.Node == connection.Node && start.StartsWith(armed.RequestLine, StringComparison.Ordinal))
                {
                    trap = null;
                    connection.Trap = armed;
                }
            }

            await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
        }
    }

    /// <summary>Copies what the node answers, unless this connection carries the trapped request: then the node dies instead.</summary>
    private async Task CopyAnswersAsync(Connection connection, NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stopping.Token)) > 0)
        {
            if (connection.Trap is { } sprung)
            {
                Note($"#{connection.Number} answer dropped");
                Kill(connection.Node);
                sprung.Sprung.TrySetResult();
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
        }
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

    private sealed class Connection(int number, int node)
    {
        public int Number => number;

        public int Node => node;

        public AnswerTrap? Trap { get; set; }
    }

    private sealed record AnswerTrap(int Node, string RequestLine)
    {
        public TaskCompletionSource Sprung { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
