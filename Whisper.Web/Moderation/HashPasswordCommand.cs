using System.Globalization;
using System.Resources;
using System.Text;

namespace Whisper.Web.Moderation;

/// <summary>
/// <c>dotnet run --project Whisper.Web -- hash-password</c>: reads a password (typed unseen, or piped on stdin)
/// and prints the hash to put in <c>Whisper:Admin:PasswordHash</c>. Never takes the password as an argument,
/// where shell history and process lists would keep it.
/// </summary>
public static class HashPasswordCommand
{
    public static bool TryRun(string[] args)
    {
        if (args is not ["hash-password", ..])
        {
            return false;
        }

        var password = Read("Admin password: ");
        var confirmation = Console.IsInputRedirected ? password : Read("Again, to confirm: ");
        if (AdminPassword.Weakness(password, confirmation) is { } weakness)
        {
            // The console speaks English: the resource's source text, not the (absent) request's language.
            var english = new ResourceManager(typeof(Languages.AdminText)).GetString(weakness, CultureInfo.InvariantCulture) ?? weakness;
            Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, english, AdminPassword.MinLength));
            Environment.ExitCode = 1;
            return true;
        }

        Console.WriteLine(AdminPassword.Hash(password!));
        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine("Put this in Whisper:Admin:PasswordHash (appsettings.json), or in the environment as Whisper__Admin__PasswordHash.");
        }

        return true;
    }

    private static string? Read(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        Console.Write(prompt);
        var typed = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.WriteLine();
        return typed.ToString();
    }
}
