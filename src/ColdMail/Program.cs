using ColdMail.Cli;

return await CliApplication.RunAsync(args, new CliEnvironment(), CancellationToken.None);
