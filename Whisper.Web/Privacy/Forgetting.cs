using Whisper.Web.Identity;
using Whisper.Web.Rooms;

namespace Whisper.Web.Privacy;

/// <summary>
/// "Delete my identity": the token hash and the link to the name go, transfer codes and push subscriptions with them, and the messages
/// rooms still hold show "(deleted identity)". The name itself stays tombstoned so it is never issued again.
/// </summary>
public sealed class Forgetting(Membership membership, TransferCodes transfers, RoomChat chat, Push.PushSubscriptions pushes)
{
    public async Task<Visitor?> ForgetAsync(HttpContext context)
    {
        var visitor = await membership.ForgetAsync(context);
        if (visitor is not null)
        {
            await transfers.ForgetAsync(visitor.Name);
            await pushes.RemoveAllAsync(visitor.Name);
            await chat.ForgetAuthorAsync(visitor.Name);
        }

        return visitor;
    }
}
