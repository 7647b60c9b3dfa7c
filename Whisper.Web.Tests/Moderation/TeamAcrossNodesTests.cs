using System.Net;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

/// <summary>Accounts on two nodes sharing one database: invited on one, used on the other, disabled everywhere at once.</summary>
[Trait("Category", "Cluster")]
public sealed class TeamAcrossNodesTests
{
    [ClusterFact]
    public async Task An_account_disabled_on_one_node_loses_its_session_on_the_other()
    {
        await using var cluster = new TestCluster();
        var name = "mod-" + Guid.NewGuid().ToString("n")[..8];
        using var admin = cluster.A.NewVisitor();
        await admin.LogInAsAdminAsync();
        var link = await TeamTests.InviteAsync(cluster.A, admin, name);
        var (onA, onB) = cluster.NewPerson();
        await TeamTests.AcceptAsync(onB, link);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/admin/reports")).Status);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/admin/reports")).Status);

        using var disabled = await admin.SubmitAsync("/admin/accounts", $"/admin/accounts/{name}/disable", []);

        Assert.Equal(HttpStatusCode.SeeOther, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await onB.GetAsync("/admin/reports")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await onA.GetAsync("/admin/reports")).Status);
        onA.Dispose();
        onB.Dispose();
    }
}
