using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Whisper.Web.Moderation;
using Whisper.Web.Storage;

namespace Whisper.Web.Site;

/// <summary>
/// The block printed once the server listens: where it is, where its data lives (and why that folder must be
/// protected), how to get into the admin pages, and what to settle before inviting people.
/// </summary>
public sealed class StartBanner(
    IServer server, IHostApplicationLifetime lifetime, IHostEnvironment environment, Database database, Files.FileStore files,
    AdminPassword password, SetupChecklist checklist) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => Console.Out.Write(Describe()));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The address people can open: the first one listened on, a wildcard host shown as localhost.</summary>
    public string Origin =>
        (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000")
        .Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
        .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);

    public string Describe()
    {
        var rule = new string('─', 72);
        var lines = new List<string>
        {
            rule,
            $" Whisper is running ({environment.EnvironmentName}).",
            $"   Open:   {Origin}",
            database.Provider == DatabaseProvider.Postgres
                ? $"   Data:   the PostgreSQL database (names, moderation, signing keys); shared files in {files.Folder}"
                : Path.GetFullPath(database.DataPath) is var data && files.Folder.StartsWith(data, StringComparison.Ordinal)
                    ? $"   Data:   {data} (database, shared files, signing keys)"
                    : $"   Data:   {data} (database, signing keys); shared files in {files.Folder}",
            "           The signing keys are stored unencrypted there: protect it like a password, and back it up.",
            password.SetupToken is { } token
                ? $"   Admin:  open {Origin}/admin/setup?token={token} to choose the admin password (works once, until a restart)"
                : $"   Admin:  a password is set; log in at {Origin}/admin",
            " Before inviting people:",
        };
        foreach (var step in checklist.Steps(Origin.StartsWith("https://", StringComparison.Ordinal) ? true : null))
        {
            lines.Add($"   [{(step.Done ? "x" : " ")}] {step.Setting}: {step.Now}.");
            lines.Add($"       Set with {step.Where}.");
        }

        lines.Add(rule);
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
