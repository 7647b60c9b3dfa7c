using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Whisper.Web.Tests.Support;

/// <summary>
/// The whole app over a fresh temporary data folder. In memory by default; <see cref="StartOnLoopback"/>
/// serves it on a real 127.0.0.1 port for browsers.
/// A test class shares one with <c>IClassFixture&lt;WhisperApp&gt;</c>, or, needing other settings, with a one-line
/// subclass: <c>public sealed class App() : WhisperApp(("Whisper:RateLimits:UploadsPerMinute", "1000"));</c>.
/// A test's own app: <c>new WhisperApp { Settings = { ["Whisper:Files:MaxBytes"] = "65536" } }</c>.
/// </summary>
public class WhisperApp : WebApplicationFactory<Program>
{
    /// <summary>The admin password every test app accepts, unless a test configures another or none.</summary>
    public const string AdminPassword = "test admin password 1";

    private static readonly Lazy<string> AdminPasswordHash = new(() => Whisper.Web.Moderation.AdminPassword.Hash(AdminPassword));

    static WhisperApp()
    {
        // Hundreds of apps start in one run, each watching its configuration and web root: with inotify that is an
        // instance each, and Linux allows 128 per user. Polling watches without one (the files never change here).
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
    private readonly bool ownsDataPath = true;
    private bool servedOnLoopback;

    // xunit builds a class fixture through its one public constructor, so that one takes nothing.
    public WhisperApp()
    {
    }

    protected WhisperApp(params (string Key, string? Value)[] settings)
    {
        foreach (var (key, value) in settings)
        {
            Settings[key] = value;
        }
    }

    /// <summary>The data folder: a fresh one deleted with the app, unless the test names its own (to restart on it).</summary>
    public string DataPath
    {
        get => dataPath;
        init
        {
            dataPath = value;
            ownsDataPath = false;
        }
    }

    /// <summary>Configuration on top of the test defaults, read when the app starts.</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    public CapturedLog Log { get; } = new();

    /// <summary>Services a test adds to the app (a <see cref="StopHold"/>, a gate in front of a request).</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    /// <summary>Serves on a free loopback port (and on <paramref name="alsoPorts"/>, such as a metrics port) and returns its base address.</summary>
    public Uri StartOnLoopback(params int[] alsoPorts)
    {
        UseKestrel(options =>
        {
            options.Listen(System.Net.IPAddress.Loopback, 0);
            foreach (var port in alsoPorts)
            {
                options.Listen(System.Net.IPAddress.Loopback, port);
            }
        });
        StartServer();
        servedOnLoopback = true;
        return ClientOptions.BaseAddress;
    }

    /// <summary>Serves HTTPS on a free loopback port with <paramref name="certificate"/>, as an operator's <c>Kestrel:Endpoints</c> with a certificate does (HTTP/1.1 and HTTP/2).</summary>
    public Uri StartOnLoopbackWithTls(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        StartServer();
        servedOnLoopback = true;
        return ClientOptions.BaseAddress;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A person with their own cookies; pass an earlier visitor's cookies to bring them back.</summary>
    public VisitorClient NewVisitor(System.Net.CookieContainer? cookies = null)
    {
        var jar = new CookieJar(cookies ?? new System.Net.CookieContainer());
        if (servedOnLoopback)
        {
            // Over a real socket, as a browser without script: redirects are the test's to see (a 303 after a post).
            jar.InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
            return new VisitorClient(new HttpClient(jar) { BaseAddress = ClientOptions.BaseAddress }, jar.Cookies);
        }

        return new VisitorClient(CreateDefaultClient(jar), jar.Cookies);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, LocalClient>());
        if (ExtraServices is { } extra)
        {
            builder.ConfigureServices(extra);
        }

        // Serve wwwroot from the project and the build manifest, as `dotnet run` does in Development.
        builder.UseStaticWebAssets();
        var settings = TestDefaults();
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private Dictionary<string, string?> TestDefaults()
    {
        var defaults = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Whisper:DataPath"] = DataPath };
        foreach (var (key, value) in TestDatabases.SettingsFor(DataPath))
        {
            defaults[key] = value;
        }

        defaults["Whisper:Admin:PasswordHash"] = AdminPasswordHash.Value;
        // Every test client shares one address and posts fast: tests of the limits themselves set them back.
        defaults["Whisper:RateLimits:MessagesPerWindow"] = "10000";
        defaults["Whisper:RateLimits:MessageBurst"] = "10000";
        defaults["Whisper:RateLimits:PostsPerAddressPerMinute"] = "100000";
        defaults["Whisper:RateLimits:JoinsPerHour"] = "100000";
        defaults["Whisper:RateLimits:StreamsPerAddress"] = "100000";
        defaults["Whisper:RateLimits:ReportsPerHour"] = "10000";
        defaults["Whisper:RateLimits:StrangerQueueJoinsPerMinute"] = "10000";
        defaults["Whisper:RateLimits:LoginAttempts"] = "1000";
        defaults["Whisper:Messages:MaxRepeats"] = "1000";
        return defaults;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDataPath)
        {
            TryDelete(DataPath);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDataPath)
        {
            TryDelete(DataPath);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>In-memory test requests carry no client address; give them the one a local browser would have.</summary>
    private sealed class LocalClient : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(nextMiddleware => context =>
            {
                context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
