using ColdMail.Cli;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Cli;

/// <summary>
/// A verb left running in-process (such as <c>logs --follow</c>): its output can be awaited line by line
/// while it runs, and it is stopped the way Ctrl+C stops it, by cancellation.
/// </summary>
public sealed class RunningCli : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ObservedWriter _output = new();
    private readonly StringWriter _error = new();

    private RunningCli(TestInstance instance, string[] args)
    {
        var environment = new CliEnvironment
        {
            In = new StringReader(string.Empty),
            Out = _output,
            Error = _error,
            Settings = instance.Settings,
            Actor = "cli:test",
        };
        Exit = Task.Run(() => CliApplication.RunAsync(args, environment, _stop.Token));
    }

    public Task<int> Exit { get; }

    public string Error => _error.ToString();

    public static RunningCli Start(TestInstance instance, params string[] args) => new(instance, args);

    /// <summary>Waits until the output so far satisfies the condition; fails at the deadline or on exit.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = Task.Delay(timeout);
        while (true)
        {
            var (text, changed) = _output.Snapshot();
            if (condition(text))
            {
                return text;
            }
            var woke = await Task.WhenAny(changed, deadline, Exit);
            if (woke == deadline || (woke == Exit && !condition(_output.Snapshot().Text)))
            {
                Assert.Fail($"Output never matched. Exited: {Exit.IsCompleted}.\nOutput:\n{text}\nError:\n{Error}");
            }
        }
    }

    public async Task<int> StopAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync();
        return await Exit.WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Exit.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // The test has already failed on its own assertion; do not hide that failure.
        }
        _stop.Dispose();
    }

    /// <summary>A writer safe to read while another thread writes, which signals each completed line.</summary>
    private sealed class ObservedWriter : TextWriter
    {
        private readonly Lock _gate = new();
        private readonly System.Text.StringBuilder _text = new();
        private TaskCompletionSource _line = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => Append(value.ToString());

        public override void Write(string? value) => Append(value);

        public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

        public (string Text, Task Changed) Snapshot()
        {
            lock (_gate)
            {
                return (_text.ToString(), _line.Task);
            }
        }

        private void Append(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }
            TaskCompletionSource? completed = null;
            lock (_gate)
            {
                _text.Append(value);
                if (value.Contains('\n'))
                {
                    completed = _line;
                    _line = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            completed?.TrySetResult();
        }
    }
}
