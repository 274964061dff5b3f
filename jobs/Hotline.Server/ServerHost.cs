using Hotline.Ingest.Sources;
using Hotline.Models.Routing;
using Hotline.Server.Workers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace Hotline.Server;

/// <summary>
/// `hotline serve`: the one process that holds the warehouse open for writing. Ingest (Kafka), streaming routing
/// suggestions and the HTTP API share one DuckDB instance, each worker on its own connection.
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WarehouseDb _db;
    private readonly MockKafkaCluster? _embedded;
    /// <summary>The request threads' connection (model registry reads, knowledge base load).</summary>
    private readonly DuckDB.NET.Data.DuckDBConnection _conn;
    private readonly ServeKeys _keys;
    private AuditWriter? _audit;
    private Open311.Open311Intake? _intake;

    public string Url { get; private set; } = "";
    public ServerOptions Options { get; }
    /// <summary>
    /// The server's DuckDB instance: a process opens a file once, so in-process readers connect here.
    /// </summary>
    public WarehouseDb Warehouse => _db;
    public string? KafkaBootstrap { get; }
    public ServingModel Serving { get; }
    public SuggestionWorker Suggestions { get; }
    public IngestWorker? Ingest { get; }
    public WarningWorker Warnings { get; }
    public SchedulerWorker? Scheduler { get; }
    public LakeWorker? Lake { get; }
    /// <summary>The units' view of their tickets, in memory (see <see cref="UnitTicketIndex"/>).</summary>
    public UnitTicketIndex UnitView { get; }

    private readonly Action<string> _log;

    private ServerHost(ServerOptions options, Action<string> log)
    {
        _log = log;
        Options = options;
        _db = WarehouseDb.Open(options.DbPath, ServerSchema.AllStages);
        try
        {
            if (options.Kafka == "embedded")
            {
                _embedded = new MockKafkaCluster();
                KafkaBootstrap = _embedded.BootstrapServers;
            }
            else KafkaBootstrap = options.Kafka;

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.WebHost.UseUrls(options.Listen);
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1 << 20);
            builder.Logging.ClearProviders();
            builder.Services.AddProblemDetails();
            ApiAccess.AddRateLimits(builder.Services, options.RequestsPerMinute);
            builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Hotline.Analytics";
                doc.Info.Description = "Dispatch assistant and data services of "
                    + "a 12345 government service hotline centre.";
                return Task.CompletedTask;
            }));
            builder.Services.AddSingleton(options);
            var conn = _conn = _db.Connect();
            // Scans and the scheduler run on the data clock when replaying a simulated past; everything else on the
            // wall clock.
            var scanClock = options.DataClock ? new ChinaClock(new DataClock(_db)) : options.Clock;
            Serving = new ServingModel(_db, conn);
            Serving.Refresh();
            Suggestions = new SuggestionWorker(_db, Serving, options.SuggestEvery, options.Clock, log);
            builder.Services.AddSingleton(Serving);
            var knowledge = new KnowledgeHolder
            {
                Current = new Models.Knowledge.KnowledgeBase(Models.Knowledge.KbData.FromWarehouse(conn)),
            };
            log($"knowledge base: {knowledge.Current.Count:N0} answered questions");
            UnitView = new UnitTicketIndex(ApiJson.Options, options.UnitViewCapacity);
            UnitView.Load(conn);
            log($"unit view: {UnitView.Count:N0} tickets in memory"
                + (UnitView.Floor is { } floor ? $" (older than {floor:yyyy-MM-dd HH:mm} read from the warehouse)"
                    : ""));
            builder.Services.AddSingleton(UnitView);
            _keys = new ServeKeys(_db);
            builder.Services.AddSingleton(_keys);
            var sessions = new Console.ConsoleSessions(_keys);
            builder.Services.AddSingleton(sessions);
            var activeKeys = _keys.Ring.Count;
            log(activeKeys > 0 ? $"{activeKeys} active API keys"
                : "no API keys yet: every /v1 request answers 401 until one exists (stop, `hotline "
                    + "keys add --role centre --name …`, restart)");
            builder.Services.AddSingleton(knowledge);
            var cityRouter = _db.City is null ? null : Models.CityRouting.CityModelStore.Load(_db);
            builder.Services.AddSingleton(new CityRouterHolder(cityRouter,
                Models.CityRouting.CityModelStore.CurrentVersion(_db) ?? ""));
            if (_db.City is not null)
                log(cityRouter is null ? $"{_db.City.Name}: no trained router yet (`hotline train`)"
                    : $"{_db.City.Name}: routing with its own router");
            builder.Services.AddHostedService(_ => Suggestions);
            Warnings = new WarningWorker(_db, options, scanClock, KafkaBootstrap, log);
            builder.Services.AddHostedService(_ => Warnings);
            if (options.ReportsDir is not null)
            {
                Scheduler = new SchedulerWorker(_db, options, scanClock, log);
                // Reports draw Chinese charts; without the font every scheduled brief fails, so say it once at start.
                if (!Jobs.Charts.ChartStyle.FontInstalled)
                    log($"scheduled reports will fail: font '{Jobs.Charts.ChartStyle.Font}' is not "
                        + $"installed (run `{Hotline.Ingest.Machine.MissingPrerequisiteException.Setup}`)");
                builder.Services.AddHostedService(_ => Scheduler);
            }
            if (options.LakeDir is not null)
            {
                Lake = new LakeWorker(_db, options, log);
                builder.Services.AddHostedService(_ => Lake);
            }
            _intake = KafkaBootstrap is null ? null : new Open311.Open311Intake(KafkaBootstrap, options.Topic);
            builder.Services.AddSingleton(new Open311.Open311Context(Open311.Open311Catalogue.Load(_db, conn,
                options.Clock.Now),
                _intake, _db, new Hotline.Ingest.Contract.EventParser(_db.Reference.Codes(), options.Clock),
                options.Clock, scanClock));
            if (KafkaBootstrap is not null)
            {
                Ingest = new IngestWorker(_db, KafkaBootstrap, options, log, GiveUp, UnitView);
                builder.Services.AddHostedService(_ => Ingest);
            }

            _app = builder.Build();
            // A 5xx should never happen on any input; if one does, the caller gets an id to quote and the log has the
            // exception under the same id (the body says nothing of it).
            _app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = async ctx =>
                {
                    var error = ctx.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
                    var id = ctx.TraceIdentifier;
                    log($"error {id}: {ctx.Request.Method} {ctx.Request.Path}: {error?.GetType().Name}: {error?.Message}");
                    ctx.Response.StatusCode = 500;
                    await Results.Problem(title: "internal error", statusCode: 500,
                        detail: $"the server could not answer this request; quote {id} when reporting it",
                        extensions: new Dictionary<string, object?> { ["correlation_id"] = id }).ExecuteAsync(ctx);
                },
            });
            _app.UseStatusCodePages();
            _audit = new AuditWriter(_db, log);
            ApiAccess.Use(_app, _db, _keys, _audit, options.Clock, options.FailedAuthPerMinute);
            Console.ConsoleAccess.Use(_app, _db, sessions, _audit, options.Clock);
            _app.UseRateLimiter();
            _app.MapOpenApi();
            _app.MapGet("/healthz", Health).WithSummary(
                "Health of each stage (ingest with Kafka lag and last commit, suggestions, warning scans, the report "
                    + "scheduler) and the model being served; 503 when a stage is failing");
            _app.MapPost("/v1/route", RouteEndpoint.Handle)
                .Accepts<RouteBody>("application/json")
                .Produces<RouteResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
                .AddEndpointFilter(ApiAccess.Require(r => r.MayRoute,
                    "routing suggestions are for the centre's dispatchers"))
                .WithSummary("Routing suggestion for one ticket: category, unit(s) with roles, disposition, "
                    + "deadline, confidence, reasons");
            DataEndpoints.Map(_app);
            KeyEndpoints.Map(_app);
            BackupEndpoint.Map(_app);
            FeedbackEndpoint.Map(_app);
            Open311.Open311Endpoints.Map(_app);
            Console.SignInPages.Map(_app);
            Console.DispatchPages.Map(_app);
            Console.AlertPages.Map(_app);
            Console.ReportPages.Map(_app);
            Console.UnitPages.Map(_app);
        }
        catch
        {
            _intake?.Dispose();
            _audit?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _embedded?.Dispose();
            _db.Dispose();
            throw;
        }
    }

    /// <summary>0 after a clean stop; 70 when a stage gave up (the process should exit with it).</summary>
    public int ExitCode { get; private set; }

    /// <summary>A stage that cannot go on stops the whole server, so a supervisor restarts it.</summary>
    private void GiveUp(string stage, int code)
    {
        ExitCode = code;
        _log($"stage {stage} gave up: stopping the server (exit code {code})");
        _app.Lifetime.StopApplication();
    }

    private IResult Health()
    {
        var stages = new List<StageHealth> { Suggestions.Health, Warnings.Health };
        if (Ingest is not null) stages.Insert(0, Ingest.Health);
        if (Scheduler is not null) stages.Add(Scheduler.Health);
        if (Lake is not null) stages.Add(Lake.Health);
        var report = new Dictionary<string, object?>();
        foreach (var stage in stages)
        {
            var extra = stage == Ingest?.Health
                ? new Dictionary<string, object?>
                {
                    ["events_ingested"] = Interlocked.Read(ref Ingest.Progress.Inserted),
                    ["dead_letters"] = Interlocked.Read(ref Ingest.Progress.DeadLetters),
                    ["kafka_lag"] = Interlocked.Read(ref Ingest.Progress.Lag),
                    ["last_commit_at"] = Interlocked.Read(ref Ingest.Progress.LastCommitTicks) is > 0 and var t
                        ? ChinaClock.ToChina(new DateTimeOffset(new DateTime(t, DateTimeKind.Utc))) : null,
                }
                : stage == Suggestions.Health
                    ? new Dictionary<string, object?>
                    {
                        ["suggestions_written"] = Interlocked.Read(ref Suggestions.Written),
                    }
                    : stage == Warnings.Health
                        ? new Dictionary<string, object?>
                        {
                            ["scans"] = Warnings.Scans, ["alert_changes_delivered"] = Warnings.Delivered,
                        }
                        : stage == Lake?.Health
                            ? new Dictionary<string, object?> { ["exports"] = Lake.Exports }
                            : new Dictionary<string, object?> { ["runs"] = Scheduler!.Runs };
            report[stage.Name] = stage.Report(extra);
        }
        var healthy = stages.All(s => s.Healthy);
        return Results.Json(new
        {
            status = healthy ? "ok" : "failing",
            model_version = Serving.Current?.Run.Version,
            stages = report,
        }, ApiJson.Options, statusCode: healthy ? 200 : 503);
    }

    public static async Task<ServerHost> StartAsync(ServerOptions options, Action<string> log,
        CancellationToken cancel = default)
    {
        var host = new ServerHost(options, log);
        await host._app.StartAsync(cancel);
        host.Url = host._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return host;
    }

    public Task WaitForShutdownAsync(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_audit is not null) await _audit.DisposeAsync(); // after the server stopped: every request's row is queued
        _intake?.Dispose();
        _conn.Dispose();
        _embedded?.Dispose();
        _db.Dispose();
    }
}
