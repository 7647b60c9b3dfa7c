using Whisper.Web.Identity;
using Whisper.Web.Rooms;

namespace Whisper.Web.Privacy;

/// <summary>What the server holds right now, as counts: never a message, a name or an address.</summary>
public sealed record TransparencyFigures(
    IReadOnlyList<(string Room, int Messages)> MessagesInMemory, int FilesOnDisk, long FileBytes, int AddressesInMemory,
    long NamesIssued, long IdentitiesLinked, int PushSubscriptions, DateTimeOffset At);

/// <summary>Gathers the live figures for <c>/transparency</c> from the features that hold the data.</summary>
public sealed class Transparency(
    RoomRegistry rooms, RoomWords roomWords, ClientAddresses addresses, IdentityStore identities, Push.PushSubscriptions pushes, Files.FileStore files, TimeProvider time)
{
    public async Task<TransparencyFigures> MeasureAsync()
    {
        // The file store's own account, wherever its folder is (Whisper:Files:Path may point outside the data folder).
        var (issued, linked) = await identities.CountAsync();
        return new TransparencyFigures(
            rooms.All.Select(r => (roomWords.Title(r.Settings), r.Snapshot().Messages.Count)).ToList(),
            files.Count,
            files.StoredBytes,
            addresses.Count,
            issued,
            linked,
            pushes.Count,
            time.GetUtcNow());
    }
}
