using System.Text.Json;

namespace ColdMail.Bench;

/// <summary>Prints a run's outcome for people, then as one JSON line for scripts (always the last line).</summary>
internal static class Summaries
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Print(LoadSummary s, TextWriter output, FileInfo? jsonFile)
    {
        output.WriteLine($"{s.Messages} messages of {s.Size} octets over {s.Concurrency} sessions to {s.Target} " +
            $"({s.Client} client)");
        output.WriteLine($"  sessions opened  {s.SessionsOpened} of {s.Concurrency} in {s.SetupSeconds:0.000} s");
        output.WriteLine($"  accepted         {s.Accepted} of {s.Messages} in {s.ElapsedSeconds:0.000} s " +
            $"= {s.AcceptRate:0.0} msg/s{(s.TimedOut ? " (time limit reached)" : "")}");
        if (s.LatencyMs is { } l)
        {
            output.WriteLine($"  MAIL to 250      p50 {l.P50:0.00} ms  p90 {l.P90:0.00} ms  p99 {l.P99:0.00} ms  " +
                $"max {l.Max:0.00} ms");
        }
        if (s.Delivered is { } delivered)
        {
            output.WriteLine(s.EndToEndSeconds is { } e2e
                ? $"  end to end       {delivered} at the sink in {e2e:0.000} s = {s.EndToEndRate:0.0} msg/s"
                : $"  end to end       only {delivered} of {s.Accepted} at the sink within the drain limit");
        }
        PrintErrors(s.Errors, s.ErrorSamples, output);
        Write(JsonSerializer.Serialize(s, Json), output, jsonFile);
    }

    public static void Print(IdleSummary s, TextWriter output, FileInfo? jsonFile)
    {
        output.WriteLine($"idle sessions to {s.Target}: {s.Opened} of {s.Requested} opened in " +
            $"{s.SetupSeconds:0.000} s, held {s.HeldSeconds:0.0} s");
        PrintErrors(s.Errors, s.ErrorSamples, output);
        Write(JsonSerializer.Serialize(s, Json), output, jsonFile);
    }

    private static void PrintErrors(
        SortedDictionary<string, int> errors,
        SortedDictionary<string, string> samples,
        TextWriter output)
    {
        if (errors.Count == 0)
        {
            output.WriteLine("  errors           none");
            return;
        }
        foreach (var (key, count) in errors)
        {
            output.WriteLine($"  error {key,-10} ×{count}  first: {samples.GetValueOrDefault(key)}");
        }
    }

    private static void Write(string json, TextWriter output, FileInfo? jsonFile)
    {
        output.WriteLine(json);
        output.Flush();
        if (jsonFile is not null)
        {
            File.WriteAllText(jsonFile.FullName, json + "\n");
        }
    }
}
