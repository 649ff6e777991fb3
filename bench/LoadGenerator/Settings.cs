using System.CommandLine;

namespace ColdMail.Bench;

/// <summary>Turns the parsed command line into <see cref="LoadSettings"/>, refusing what cannot run.</summary>
internal static class Settings
{
    public static LoadSettings From(ParseResult parseResult)
    {
        var messages = parseResult.GetValue(LoadOptions.Messages);
        var concurrency = parseResult.GetValue(LoadOptions.Concurrency);
        var size = parseResult.GetValue(LoadOptions.Size);
        var client = parseResult.GetValue(LoadOptions.Client)!;
        if (messages <= 0 || concurrency <= 0)
        {
            throw new FormatException("--messages and --concurrency must be greater than zero.");
        }
        if (size < MessageFactory.MinimumSize)
        {
            throw new FormatException($"--size must be at least {MessageFactory.MinimumSize} octets.");
        }
        if (client is not ("raw" or "mailkit"))
        {
            throw new FormatException($"--client must be raw or mailkit (was '{client}').");
        }

        var target = new SessionTarget(
            parseResult.GetValue(LoadOptions.Host)!,
            parseResult.GetValue(LoadOptions.Port),
            parseResult.GetValue(LoadOptions.Tls),
            parseResult.GetValue(LoadOptions.Helo)!);
        return new LoadSettings(target, Credentials(parseResult), messages, Math.Min(concurrency, messages), size,
            parseResult.GetValue(LoadOptions.RecipientDomain)!, parseResult.GetValue(LoadOptions.Timeout), client,
            parseResult.GetValue(LoadOptions.SinkCountFile)?.FullName, parseResult.GetValue(LoadOptions.DrainTimeout));
    }

    private static IReadOnlyList<Credential?> Credentials(ParseResult parseResult)
    {
        if (parseResult.GetValue(LoadOptions.NoAuth))
        {
            return [null];
        }
        var file = parseResult.GetValue(LoadOptions.CredentialsFile);
        if (file is not null)
        {
            var pairs = File.ReadAllLines(file.FullName)
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(Credential.Parse)
                .ToList();
            return pairs.Count > 0 ? pairs : throw new FormatException($"{file.FullName} holds no USER:PASSWORD line.");
        }
        var user = parseResult.GetValue(LoadOptions.User);
        var password = parseResult.GetValue(LoadOptions.Password);
        if (user is null || password is null)
        {
            throw new FormatException("Give --user and --password, --credentials-file, or --no-auth.");
        }
        return [new Credential(user, password)];
    }
}
