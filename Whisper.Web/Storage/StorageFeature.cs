using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;

namespace Whisper.Web.Storage;

public static class StorageFeature
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.AddSettings<StorageOptions>(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataPath), "Whisper:DataPath must be set.");
        builder.AddSettings<DatabaseOptions>(DatabaseOptions.Section)
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Whisper:Database:ConnectionString must be set when Whisper:Database:Provider is Postgres.");
        builder.Services.AddSingleton<Database>();
        builder.Services.AddHostedService<SchemaCreation>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        // Antiforgery tokens must survive a restart, or every open tab's form fails after one; with several nodes
        // the keys live in the shared database, so a token one node issued is good on every other.
        var protection = builder.Services.AddDataProtection().SetApplicationName("Whisper");
        if (builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddSingleton<ISchema, KeyRing>();
            builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
                new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new KeyRing(services.GetRequiredService<Database>())));
        }
        else
        {
            var dataPath = builder.Configuration.GetSection(StorageOptions.Section)[nameof(StorageOptions.DataPath)] ?? new StorageOptions().DataPath;
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(dataPath), "keys")));
        }

        return builder;
    }

    private sealed class SchemaCreation(Database database, IEnumerable<ISchema> schemas) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => database.CreateSchemaAsync(schemas, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DatabaseHealthCheck(Database database, TimeProvider time) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                // A write, not a read: a full or read-only disk still answers SELECT 1.
                await using var connection = await database.OpenAsync(cancellationToken);
                await using var create = Database.Command(connection, "CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY, at TEXT NOT NULL)");
                await create.ExecuteNonQueryAsync(cancellationToken);
                await using var write = Database.Command(
                    connection, "INSERT INTO health_probe (id, at) VALUES (1, @at) ON CONFLICT (id) DO UPDATE SET at = excluded.at", ("@at", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
                await write.ExecuteNonQueryAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (StorageTrouble.Is(exception))
            {
                return HealthCheckResult.Unhealthy($"The database cannot write: {StorageTrouble.Describe(database.DataPath, exception)}.");
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or IOException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }
        }
    }
}
