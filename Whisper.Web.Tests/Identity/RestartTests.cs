using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Identity;

public sealed class RestartTests
{
    [Fact]
    public async Task A_visitor_keeps_their_name_when_the_server_restarts()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
        try
        {
            var cookies = new System.Net.CookieContainer();
            string name;
            await using (var first = new WhisperApp { DataPath = dataPath })
            {
                using var visitor = first.NewVisitor(cookies);
                name = await visitor.JoinAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using var second = new WhisperApp { DataPath = dataPath };
            using var returning = second.NewVisitor(cookies);

            var page = await returning.OpenRoomAsync();

            Assert.Equal(name, page.QuerySelector(".me")!.GetAttribute("data-me"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            WhisperApp.TryDelete(dataPath);
        }
    }
}
