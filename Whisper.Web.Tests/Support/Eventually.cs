namespace Whisper.Web.Tests.Support;

/// <summary>Waits, bounded, for something the server does in the background; returns whether it happened.</summary>
public static class Eventually
{
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, int attempts = 50)
    {
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    public static Task<bool> HoldsAsync(Func<bool> condition, int attempts = 50) => HoldsAsync(() => Task.FromResult(condition()), attempts);
}
