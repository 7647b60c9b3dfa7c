using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Whisper.Web.Storage;

public static class StorageFeature
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataPath), "Whisper:DataPath must be set.")
            .ValidateOnStart();
        builder.Services.AddSingleton<Database>();
        builder.Services.AddHostedService<SchemaCreation>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        // Antiforgery tokens must survive a restart, or every open tab's form fails after one.
        var dataPath = builder.Configuration.GetSection(StorageOptions.Section)[nameof(StorageOptions.DataPath)] ?? new StorageOptions().DataPath;
        builder.Services.AddDataProtection()
            .SetApplicationName("Whisper")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(dataPath), "keys")));
        return builder;
    }

    private sealed class SchemaCreation(Database database, IEnumerable<ISchema> schemas) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => database.CreateSchemaAsync(schemas, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DatabaseHealthCheck(Database database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                return HealthCheckResult.Unhealthy("The database cannot be opened.");
            }
        }
    }
}
