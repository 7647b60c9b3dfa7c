using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Identity;
using Whisper.Web.Storage;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Identity;

public sealed class TransferCodeTests : IClassFixture<WhisperApp>
{
    private readonly WhisperApp app;
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly TransferCodes codes;

    public TransferCodeTests(WhisperApp app)
    {
        this.app = app;
        codes = new TransferCodes(app.Service<Database>(), app.Service<IdentityStore>(), time);
    }

    [Theory]
    [InlineData("k7qm4-xz2p9", "K7QM4XZ2P9")]
    [InlineData(" K7QM4 XZ2P9 ", "K7QM4XZ2P9")]
    [InlineData("KOQM4-XZIPL", "K0QM4XZ1P1")]
    [InlineData("K7QM4-XZ2P", null)]
    [InlineData("K7QM4-XZ2P9U", null)]
    [InlineData("K7QM4/XZ2P9", null)]
    public void Codes_are_read_the_way_people_type_them(string typed, string? read) =>
        Assert.Equal(read, TransferCodes.Normalise(typed));

    [Fact]
    public async Task A_code_moves_the_name_once_and_only_its_hash_is_stored()
    {
        var visitor = await app.Service<IdentityStore>().ClaimAsync(VisitorCookie.Hash(VisitorCookie.NewToken()));
        var (code, _) = await codes.IssueAsync(visitor.Name);
        var newHash = VisitorCookie.Hash(VisitorCookie.NewToken());

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$", code);
        Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), await TableTextAsync(), StringComparison.Ordinal);
        Assert.Equal(visitor.Name, (await codes.RedeemAsync(code.ToLowerInvariant(), newHash))?.Name);
        Assert.Null(await codes.RedeemAsync(code, VisitorCookie.Hash(VisitorCookie.NewToken())));
        Assert.Equal(visitor.Name, (await app.Service<IdentityStore>().FindAsync(newHash))?.Name);
    }

    [Fact]
    public async Task A_code_stops_working_after_ten_minutes_and_when_a_newer_one_is_issued()
    {
        var visitor = await app.Service<IdentityStore>().ClaimAsync(VisitorCookie.Hash(VisitorCookie.NewToken()));
        var (expiring, _) = await codes.IssueAsync(visitor.Name);
        time.Advance(TransferCodes.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Null(await codes.RedeemAsync(expiring, VisitorCookie.Hash(VisitorCookie.NewToken())));

        var (replaced, _) = await codes.IssueAsync(visitor.Name);
        var (current, _) = await codes.IssueAsync(visitor.Name);
        Assert.Null(await codes.RedeemAsync(replaced, VisitorCookie.Hash(VisitorCookie.NewToken())));
        time.Advance(TransferCodes.Lifetime - TimeSpan.FromSeconds(5));
        Assert.NotNull(await codes.RedeemAsync(current, VisitorCookie.Hash(VisitorCookie.NewToken())));
    }

    [Fact]
    public void The_stored_hash_is_the_SHA256_of_the_code_as_read() =>
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes("K7QM4XZ2P9")), TransferCodes.Hash(TransferCodes.Normalise("k7qm4-xz2p9")!));

    private async Task<string> TableTextAsync()
    {
        await using var connection = await app.Service<Database>().OpenAsync();
        var hex = TestDatabases.OnPostgres ? "upper(encode(code_hash, 'hex'))" : "hex(code_hash)";
        await using var command = Database.Command(connection, $"SELECT {hex} || name || expires_at FROM transfer_codes");
        var text = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            text.Append(reader.GetString(0));
        }

        return text.ToString();
    }
}
