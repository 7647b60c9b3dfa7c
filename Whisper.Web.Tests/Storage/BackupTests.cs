using Whisper.Web.Identity;
using Whisper.Web.Storage;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Storage;

/// <summary>A backup taken while people join is consistent, and restored into a fresh folder every name is there.</summary>
public sealed class BackupTests
{
    [SqliteFact]
    public async Task A_backup_under_write_load_restores_every_name_it_holds_into_a_fresh_folder()
    {
        var backup = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n") + ".db");
        var restoredPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
        try
        {
            List<string> before;
            List<string> during;
            await using (var app = new WhisperApp())
            {
                var store = app.Service<IdentityStore>();
                before = await JoinAsync(store, 50);
                // People keep joining while the copy is taken.
                var joining = JoinAsync(store, 200);
                var message = await Task.Run(() => BackupCommand.Backup(app.DataPath, backup));
                during = await joining;
                Assert.Contains("Backed up", message, StringComparison.Ordinal);
            }

            Assert.Contains("Restored", BackupCommand.Restore(backup, restoredPath), StringComparison.Ordinal);
            await using var restored = new WhisperApp { DataPath = restoredPath };
            var names = restored.Service<IdentityStore>();
            foreach (var name in before)
            {
                Assert.True(await names.WasIssuedAsync(name), $"{name} is missing after the restore");
            }

            // Names issued while it ran are either wholly in the copy or not at all, and the copy opens cleanly.
            var (issued, active) = await names.CountAsync();
            Assert.InRange(issued, before.Count, before.Count + during.Count);
            Assert.Equal(issued, active);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(backup);
            WhisperApp.TryDelete(restoredPath);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_whisper_backup_is_refused_and_nothing_is_replaced()
    {
        var folder = Directory.CreateTempSubdirectory("whisper-restore-").FullName;
        var notABackup = Path.Combine(folder, "notes.db");
        try
        {
            File.WriteAllText(notABackup, "");
            var error = Assert.Throws<InvalidOperationException>(() => BackupCommand.Restore(notABackup, Path.Combine(folder, "data")));
            Assert.Contains("is not a Whisper backup", error.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(folder, "data")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            WhisperApp.TryDelete(folder);
        }
    }

    private static async Task<List<string>> JoinAsync(IdentityStore store, int count)
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            names.Add((await store.ClaimAsync(VisitorCookie.Hash(VisitorCookie.NewToken()))).Name);
        }

        return names;
    }
}
