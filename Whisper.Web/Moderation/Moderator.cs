using System.Globalization;
using Whisper.Web.Cluster;
using Whisper.Web.Hosting;
using Whisper.Web.Privacy;
using Whisper.Web.Rooms;
using Whisper.Web.Sse;

namespace Whisper.Web.Moderation;

/// <summary>Everything the admin does, applied live and written to the audit log.</summary>
public sealed class Moderator(
    RoomRegistry rooms, RoomChat chat, FragmentRenderer renderer, Sanctions sanctions, RepeatOffenders offenders, Reports reports, AuditLog audit, ClientAddresses addresses, ClusterBus bus, HeldMessages held)
{
    public const string SanctionsTopic = "sanctions";

    public async Task<ChatMessage?> DeleteMessageAsync(Room room, long sequence)
    {
        var removed = await chat.RemoveAsync(room, sequence);
        if (removed is not null)
        {
            await audit.WriteAsync("Audit.DeletedMessage", $"{room.Name} #{sequence}", removed.IsAnnouncement ? AuditLog.Key("Audit.TheModerators") : removed.Author);
        }

        return removed;
    }

    /// <summary>Announces in one room, or in every room when <paramref name="room"/> is null.</summary>
    public async Task<bool> AnnounceAsync(Room? room, string text, bool pin)
    {
        var targets = room is null ? rooms.All.ToList() : [room];
        foreach (var target in targets)
        {
            if (await chat.AnnounceAsync(target, text, pin) is null)
            {
                return false;
            }
        }

        await audit.WriteAsync(pin ? "Audit.Pinned" : "Audit.Announced", room?.Name ?? AuditLog.Key("Audit.EveryRoom"));
        return true;
    }

    public async Task UnpinAsync(Room room)
    {
        await chat.PinAsync(room, null);
        await audit.WriteAsync("Audit.Unpinned", room.Name);
    }

    public async Task<bool> CreateRoomAsync(RoomSettings settings)
    {
        var created = await rooms.CreateAsync(settings);
        if (created)
        {
            await audit.WriteAsync("Audit.CreatedRoom", settings.Name);
        }

        return created;
    }

    public async Task UpdateRoomAsync(RoomSettings settings, string what)
    {
        await rooms.UpdateAsync(settings);
        await audit.WriteAsync(what, settings.Name);
    }

    public async Task<bool> DeleteRoomAsync(string name)
    {
        var deleted = await rooms.DeleteAsync(name);
        if (deleted)
        {
            await audit.WriteAsync("Audit.DeletedRoom", name);
        }

        return deleted;
    }

    /// <summary>Bans a name and ends its open streams at once, leaving the ban's sentence where its composer was.</summary>
    public async Task<Ban> BanAsync(string name, TimeSpan? duration, string reason, bool alsoAddress)
    {
        var ban = await sanctions.BanAsync(name, duration, reason, alsoAddress);
        await EndStreamsAsync(ban);
        await bus.PublishAsync(SanctionsTopic, name);
        await audit.WriteAsync((alsoAddress ? "Audit.BannedWithAddress" : "Audit.Banned") + (duration is null ? ".Permanently" : ".For"), name, duration is { } length ? AuditLog.Seconds(length) : "");
        return ban;
    }

    /// <summary>
    /// Ends a banned name's open streams on this node, leaving the ban's sentence where its composer was: in each stream's
    /// language, rendered once per language those streams read (never in the moderator's), English first.
    /// </summary>
    public async Task EndStreamsAsync(Ban ban)
    {
        var notice = new RefusalNotice(null, OutOfBand: true, Ban: ban.Terms);
        Task<string> Render(CultureInfo _) => renderer.RenderAsync(RoomViews.Refusal, notice);
        var english = CultureInfo.GetCultureInfo("en");
        var farewell = SseFrame.Localized(Room.NoticeEvent, await FragmentLanguage.InAsync(english, Render), null, english, Render);
        foreach (var room in rooms.All)
        {
            room.Disconnect(ban.Name, farewell);
        }
    }

    /// <summary>Another node banned, lifted, muted or unmuted <paramref name="name"/> (empty: anything may have changed).</summary>
    public async Task SanctionsChangedAsync(string name)
    {
        await sanctions.LoadAsync();
        if (sanctions.BanOf(name) is { } ban)
        {
            await EndStreamsAsync(ban);
        }
    }

    public async Task LiftBanAsync(string name)
    {
        if (await sanctions.LiftAsync(name))
        {
            await bus.PublishAsync(SanctionsTopic, name);
            await audit.WriteAsync("Audit.LiftedBan", name);
        }
    }

    public async Task MuteAsync(string name)
    {
        await sanctions.MuteAsync(name);
        await bus.PublishAsync(SanctionsTopic, name);
        await audit.WriteAsync("Audit.Muted", name);
    }

    public async Task UnmuteAsync(string name)
    {
        if (await sanctions.UnmuteAsync(name))
        {
            await bus.PublishAsync(SanctionsTopic, name);
            await audit.WriteAsync("Audit.Unmuted", name);
        }
    }

    public async Task LiftBlockAsync(long key)
    {
        if (offenders.Lift(key))
        {
            // The audit log never holds addresses: the block is named by its random key.
            await audit.WriteAsync("Audit.LiftedBlock", $"{key % 100_000:00000}");
        }
    }

    /// <summary>Bans an address known only by its registry key (a reported stranger) for a day, while it stays known.</summary>
    public async Task<bool> BanAddressAsync(long key, string label, string reason, DateTimeOffset until)
    {
        if (addresses.FindByKey(key) is not { } address)
        {
            return false;
        }

        address.Ban = new AddressBan(addresses.HoldUntil(until), reason, label);
        await audit.WriteAsync("Audit.BannedStrangerAddress", label);
        return true;
    }

    /// <summary>
    /// Posts a held message for everyone, or (<paramref name="approve"/> false) drops it; false when another moderator was
    /// first or the message is not one <paramref name="mayDecide"/> allows (it then stays held).
    /// </summary>
    public async Task<bool> DecideHeldAsync(long id, bool approve, Func<HeldMessage, bool> mayDecide)
    {
        if (await held.TakeAsync(id, mayDecide) is not { } message)
        {
            return false;
        }

        // An edit approved after the edit window still applies: its author asked in time. A message deleted meanwhile stays deleted.
        if (approve && rooms.Find(message.Room) is { } room)
        {
            if (message.Edits is long edited)
            {
                await chat.ApplyEditAsync(room, edited, message.Text);
            }
            else
            {
                await chat.PostApprovedAsync(room, message.Author, message.Text, message.File);
            }
        }

        await audit.WriteAsync(approve ? "Audit.Approved" : "Audit.RemovedHeld", message.Room, message.Author);
        return true;
    }

    public async Task DismissReportAsync(long id)
    {
        if (await reports.CloseAsync(id) is { } report)
        {
            await audit.WriteAsync("Audit.Dismissed", $"#{id}", report.Reported);
        }
    }
}
