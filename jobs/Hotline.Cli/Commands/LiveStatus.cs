namespace Hotline.Cli.Commands;

/// <summary>Runs long work with a live Spectre.Console status line on a terminal; plain output otherwise.</summary>
public static class LiveStatus
{
    public static void Run(string label, Func<string> status, Action work)
    {
        if (!Cli.Interactive)
        {
            work();
            return;
        }
        AnsiConsole.Progress()
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label).IsIndeterminate();
                var worker = Task.Run(work);
                while (!worker.Wait(200)) task.Description = $"{label}: {Markup.Escape(status())}";
                task.Description = $"{label}: {Markup.Escape(status())}";
                task.StopTask();
                worker.GetAwaiter().GetResult();
            });
    }

    /// <summary>A determinate bar (e.g. simulated days done of total).</summary>
    public static void Run(string label, int total, Action<Action<int>> work)
    {
        if (!Cli.Interactive)
        {
            work(_ => { });
            return;
        }
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label, maxValue: total);
                work(done => task.Value = done);
                task.Value = total;
            });
    }
}
