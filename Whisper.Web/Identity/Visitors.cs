namespace Whisper.Web.Identity;

/// <summary>Who is asking: the joined visitor behind the request's cookie, if any.</summary>
public sealed class Visitors(IdentityStore store, VisitorCookie cookie)
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
