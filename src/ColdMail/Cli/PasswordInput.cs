namespace ColdMail.Cli;

/// <summary>Reads a password: the first line of standard input, or typed unechoed at a terminal.</summary>
internal static class PasswordInput
{
    public static async Task<string?> ReadAsync(
        CliEnvironment environment,
        CancellationToken cancellationToken)
    {
        if (ReferenceEquals(environment.In, Console.In) && !Console.IsInputRedirected)
        {
            await environment.Error.WriteAsync("Password (at least 12 characters): ");
            return ReadWithoutEcho(environment.Error);
        }
        return await environment.In.ReadLineAsync(cancellationToken);
    }

    private static string ReadWithoutEcho(TextWriter error)
    {
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        error.WriteLine();
        return typed.ToString();
    }
}
