using System.CommandLine;
using System.Globalization;
using ColdMail.Common;
using ColdMail.Domains;

namespace ColdMail.Cli;

/// <summary>
/// <c>coldmail domain add|list|show|records|verify|rotate-dkim|limits|pause|resume|unsubscribe|remove</c>.
/// </summary>
internal static class DomainCommands
{
    /// <summary>Exit code of <c>domain verify</c> when the check ran but the domain is not verified.</summary>
    public const int NotVerifiedExit = 2;

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("domain", "Sending domains: DNS records, verification, DKIM keys, limits, pauses.");
        command.Subcommands.Add(Add(environment));
        command.Subcommands.Add(List(environment));
        command.Subcommands.Add(Show(environment));
        command.Subcommands.Add(Records(environment));
        command.Subcommands.Add(Verify(environment));
        command.Subcommands.Add(RotateDkim(environment));
        command.Subcommands.Add(Limits(environment));
        command.Subcommands.Add(Pause(environment));
        command.Subcommands.Add(Resume(environment));
        command.Subcommands.Add(DomainUnsubscribeCommand.Create(environment, NameArgument()));
        command.Subcommands.Add(Remove(environment));
        return command;
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "The domain, e.g. example.com." };

    private static Command Add(CliEnvironment environment)
    {
        var name = NameArgument();
        var add = new Command("add", "Add a sending domain and make its first DKIM key.") { name };
        add.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var domains = await context.GetAsync<DomainService>(ct);
            var details = await domains.AddAsync(workspace, context.GetValue(name), environment.Actor, ct);
            if (context.Json)
            {
                context.WriteJson(DomainJson.Details(details));
                return 0;
            }
            context.Out.WriteLine($"Added {details.Domain.Name}. Publish these records, then run " +
                $"'coldmail domain verify {details.Domain.Name}':");
            DomainText.Records(context, details.Records);
            return 0;
        });
        return add;
    }

    private static Command List(CliEnvironment environment)
    {
        var list = new Command("list", "List the workspace's domains.");
        list.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var domains = await (await context.GetAsync<DomainService>(ct)).ListAsync(workspace, ct);
            if (context.Json)
            {
                context.WriteJson(domains.Select(DomainJson.Summary));
                return 0;
            }
            context.WriteTable(["NAME", "STATE", "PAUSED", "MAILBOX/DAY", "CREATED"], domains.Select(d => new[]
            {
                d.Name, d.VerificationState.ToString().ToLowerInvariant(), d.IsPaused ? "yes" : "no",
                d.MailboxDailyLimit.ToString(CultureInfo.InvariantCulture), d.CreatedAt.ToString("u"),
            }));
            return 0;
        });
        return list;
    }

    private static Command Show(CliEnvironment environment)
    {
        var name = NameArgument();
        var show = new Command("show", "Show a domain: state, record checks, limits, pause and keys.") { name };
        show.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var details = await (await context.GetAsync<DomainService>(ct)).GetAsync(
                workspace, context.GetValue(name), ct);
            if (context.Json)
            {
                context.WriteJson(DomainJson.Details(details));
            }
            else
            {
                DomainText.Details(context, details);
            }
            return 0;
        });
        return show;
    }

    private static Command Records(CliEnvironment environment)
    {
        var name = NameArgument();
        var records = new Command("records", "Print the DNS records the domain must publish.") { name };
        records.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var details = await (await context.GetAsync<DomainService>(ct)).GetAsync(
                workspace, context.GetValue(name), ct);
            if (context.Json)
            {
                context.WriteJson(details.Records.Select(DomainJson.Record));
            }
            else
            {
                DomainText.Records(context, details.Records);
            }
            return 0;
        });
        return records;
    }

    private static Command Verify(CliEnvironment environment)
    {
        var name = NameArgument();
        var verify = new Command("verify",
            $"Check the domain's records in DNS now. Exits 0 when verified, {NotVerifiedExit} when not.") { name };
        verify.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var result = await (await context.GetAsync<DomainService>(ct)).VerifyAsync(
                workspace, context.GetValue(name), environment.Actor, ct);
            if (context.Json)
            {
                context.WriteJson(DomainJson.Verification(result));
            }
            else
            {
                context.WriteTable(["RECORD", "STATUS", "FOUND"],
                    result.Checks.Select(c => new[] { c.Kind, c.Status, c.Found }));
                context.Out.WriteLine($"{result.Domain.Name}: {DomainText.State(result.Domain)}");
            }
            foreach (var failure in result.Failures)
            {
                await environment.Error.WriteLineAsync($"{failure.Kind}: {failure.Status}: {failure.Found}");
            }
            return result.IsVerified ? 0 : NotVerifiedExit;
        });
        return verify;
    }

    private static Command RotateDkim(CliEnvironment environment)
    {
        var name = NameArgument();
        var rotate = new Command("rotate-dkim",
            "Make a new DKIM key; it takes over once its record is published and the domain is verified.") { name };
        rotate.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var domains = await context.GetAsync<DomainService>(ct);
            var key = await domains.RotateDkimAsync(workspace, context.GetValue(name), environment.Actor, ct);
            var details = await domains.GetAsync(workspace, context.GetValue(name), ct);
            var record = details.Records.First(r => r.Name.StartsWith(key.Selector + ".", StringComparison.Ordinal));
            if (context.Json)
            {
                context.WriteJson(new { key = DomainJson.Key(key), record = DomainJson.Record(record) });
                return 0;
            }
            context.Out.WriteLine($"New DKIM selector {key.Selector}. Publish this record; the current key signs " +
                "until verification finds it:");
            DomainText.Records(context, [record]);
            return 0;
        });
        return rotate;
    }

    private static Command Limits(CliEnvironment environment)
    {
        var name = NameArgument();
        var hourly = Text("--hourly", "Recipients per hour for the domain; 0 or none removes the cap.");
        var daily = Text("--daily", "Recipients per UTC day for the domain; 0 or none removes the cap.");
        var mailboxDaily = Text("--mailbox-daily", "Default daily cap of each mailbox (at least 1).");
        var warmupStart = Text("--warmup-start", "Warm-up cap on the first sending day; 0 or none ends the warm-up.");
        var warmupStep = Text("--warmup-step", "How much the warm-up cap grows each day (0 or more).");
        var hours = Text("--sending-hours",
            "Daily window HH:MM-HH:MM in --time-zone, may cross midnight (22:00-06:00); none removes it.");
        var zone = Text("--time-zone",
            "IANA time zone of the sending hours, such as Europe/Berlin; none means UTC.");
        var limits = new Command("limits",
            "Show or change the domain's send caps, warm-up and sending hours.")
        {
            name, hourly, daily, mailboxDaily, warmupStart, warmupStep, hours, zone,
        };
        limits.SetHandler(environment, async (context, ct) =>
        {
            var change = new DomainLimitsChange
            {
                Hourly = Cap(context.GetValue(hourly), "--hourly"),
                Daily = Cap(context.GetValue(daily), "--daily"),
                MailboxDaily = Count(context.GetValue(mailboxDaily), "--mailbox-daily"),
                WarmupStart = Cap(context.GetValue(warmupStart), "--warmup-start"),
                WarmupStep = Count(context.GetValue(warmupStep), "--warmup-step"),
                SendingHours = context.GetValue(hours),
                TimeZone = context.GetValue(zone),
            };
            var workspace = await context.WorkspaceAsync(ct);
            var domain = await (await context.GetAsync<DomainControls>(ct)).SetLimitsAsync(
                workspace, context.GetValue(name), change, environment.Actor, ct);
            if (context.Json)
            {
                context.WriteJson(new { name = domain.Name, limits = DomainJson.Limits(domain) });
            }
            else
            {
                context.Out.WriteLine($"{domain.Name}: {DomainText.Limits(domain)}");
            }
            return 0;
        });
        return limits;
    }

    private static Command Pause(CliEnvironment environment)
    {
        var name = NameArgument();
        var reason = new Option<string?>("--reason") { Description = "Why, for the team and the audit trail." };
        var pause = new Command("pause", "Stop the domain's mailboxes from sending until resumed.") { name, reason };
        pause.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var domain = await (await context.GetAsync<DomainControls>(ct)).PauseAsync(
                workspace, context.GetValue(name), context.GetValue(reason), environment.Actor, ct);
            WriteSummary(context, domain, $"Paused {domain.Name}.");
            return 0;
        });
        return pause;
    }

    private static Command Resume(CliEnvironment environment)
    {
        var name = NameArgument();
        var resume = new Command("resume", "Let a paused domain send again.") { name };
        resume.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var domain = await (await context.GetAsync<DomainControls>(ct)).ResumeAsync(
                workspace, context.GetValue(name), environment.Actor, ct);
            WriteSummary(context, domain, $"Resumed {domain.Name}.");
            return 0;
        });
        return resume;
    }

    private static Command Remove(CliEnvironment environment)
    {
        var name = NameArgument();
        var remove = new Command("remove",
            "Remove a domain and its DKIM keys; refused while it has mailboxes or undelivered mail.") { name };
        remove.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var domains = await context.GetAsync<DomainService>(ct);
            var domainName = context.GetValue(name);
            await domains.RemoveAsync(workspace, domainName, environment.Actor, ct);
            var ascii = DomainName.TryNormalise(domainName, out var normalised, out _) ? normalised : domainName;
            if (context.Json)
            {
                context.WriteJson(new { name = ascii, removed = true });
            }
            else
            {
                context.Out.WriteLine($"Removed {ascii}.");
            }
            return 0;
        });
        return remove;
    }

    private static void WriteSummary(CliContext context, Storage.Entities.Domain domain, string text)
    {
        if (context.Json)
        {
            context.WriteJson(DomainJson.Summary(domain));
        }
        else
        {
            context.Out.WriteLine(text);
        }
    }

    private static Option<string?> Text(string name, string description) => new(name) { Description = description };

    /// <summary>A cap: a positive number, or 0 / none to remove it; absent leaves it unchanged.</summary>
    private static LimitValue? Cap(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return LimitValue.None;
        }
        var value = Count(text, option)!.Value;
        return value == 0 ? LimitValue.None : new LimitValue(value);
    }

    private static int? Count(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw ResourceException.Invalid($"{option} takes a whole number of zero or more (was '{text}').");
        }
        return value;
    }
}
