namespace Whisper.Web.Identity;

/// <summary>Who has joined: the name behind the request's cookie, and joining, moving a name here, or forgetting it.</summary>
public sealed class Membership(IdentityStore store, VisitorCookie cookie)
{
    private static readonly object CacheKey = new();

    public async Task<Visitor?> CurrentAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(CacheKey, out var cached))
        {
            return (Visitor?)cached;
        }

        var hash = cookie.ReadHash(context.Request);
        var visitor = hash is null ? null : await store.FindAsync(hash, context.RequestAborted);
        context.Items[CacheKey] = visitor;
        return visitor;
    }

    /// <summary>Takes over a name moved here with a transfer code: a fresh token, the same name. Null for a bad code.</summary>
    public async Task<Visitor?> ReceiveAsync(HttpContext context, TransferCodes codes, string? code)
    {
        var token = VisitorCookie.NewToken();
        var visitor = await codes.RedeemAsync(code, VisitorCookie.Hash(token));
        if (visitor is not null)
        {
            cookie.Write(context.Response, token);
            context.Items[CacheKey] = visitor;
        }

        return visitor;
    }

    /// <summary>Unlinks the visitor's name from their cookie for good (the name stays tombstoned) and clears the cookie.</summary>
    public async Task<Visitor?> ForgetAsync(HttpContext context)
    {
        var visitor = await CurrentAsync(context);
        if (cookie.ReadHash(context.Request) is { } hash && visitor is not null)
        {
            await store.DeleteAsync(hash);
        }

        cookie.Clear(context.Response);
        context.Items[CacheKey] = null;
        return visitor;
    }

    /// <summary>Issues a name to a newcomer, or returns the one they already hold.</summary>
    public async Task<Visitor> JoinAsync(HttpContext context)
    {
        var existing = await CurrentAsync(context);
        if (existing is not null)
        {
            return existing;
        }

        var token = VisitorCookie.NewToken();
        var visitor = await store.ClaimAsync(VisitorCookie.Hash(token), context.RequestAborted);
        cookie.Write(context.Response, token);
        context.Items[CacheKey] = visitor;
        return visitor;
    }
}
