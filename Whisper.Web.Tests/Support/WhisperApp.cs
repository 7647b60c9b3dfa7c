using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Whisper.Web.Tests.Support;

/// <summary>
/// The whole app over a fresh temporary data folder. In memory by default; <see cref="StartOnLoopback"/>
/// serves it on a real 127.0.0.1 port for browsers.
/// </summary>
public sealed class WhisperApp : WebApplicationFactory<Program>
{
    /// <summary>The admin password every test app accepts, unless a test configures another or none.</summary>
    public const string AdminPassword = "test admin password 1";

    private static readonly Lazy<string> AdminPasswordHash = new(() => Whisper.Web.Moderation.AdminPassword.Hash(AdminPassword));

    private readonly Dictionary<string, string?> settings = new(StringComparer.Ordinal);
    private readonly bool ownsDataPath;

    public WhisperApp(string? dataPath = null, IDictionary<string, string?>? settings = null)
    {
        ownsDataPath = dataPath is null;
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
        this.settings["Whisper:DataPath"] = DataPath;
        foreach (var (key, value) in TestDatabases.SettingsFor(DataPath))
        {
            this.settings[key] = value;
        }

        this.settings["Whisper:Admin:PasswordHash"] = AdminPasswordHash.Value;
        // Every test client shares one address and posts fast: tests of the limits themselves set them back.
        this.settings["Whisper:RateLimits:MessagesPerWindow"] = "10000";
        this.settings["Whisper:RateLimits:MessageBurst"] = "10000";
        this.settings["Whisper:RateLimits:PostsPerAddressPerMinute"] = "100000";
        this.settings["Whisper:RateLimits:JoinsPerHour"] = "100000";
        this.settings["Whisper:RateLimits:StreamsPerAddress"] = "100000";
        this.settings["Whisper:RateLimits:ReportsPerHour"] = "10000";
        this.settings["Whisper:RateLimits:StrangerQueueJoinsPerMinute"] = "10000";
        this.settings["Whisper:RateLimits:LoginAttempts"] = "1000";
        this.settings["Whisper:Messages:MaxRepeats"] = "1000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
    }

    public string DataPath { get; }

    public CapturedLog Log { get; } = new();

    /// <summary>Serves on a free loopback port and returns its base address.</summary>
    public Uri StartOnLoopback()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        return ClientOptions.BaseAddress;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A person with their own cookies; pass an earlier visitor's cookies to bring them back.</summary>
    public Visitor NewVisitor(System.Net.CookieContainer? cookies = null)
    {
        var jar = new CookieJar(cookies ?? new System.Net.CookieContainer());
        return new Visitor(CreateDefaultClient(jar), jar.Cookies);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, LocalClient>());
        // Serve wwwroot from the project and the build manifest, as `dotnet run` does in Development.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
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
