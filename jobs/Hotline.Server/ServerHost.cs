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

    public string Url { get; private set; } = "";
    public string? KafkaBootstrap { get; }
    public ServingModel Serving { get; }
    public SuggestionWorker Suggestions { get; }
    public IngestWorker? Ingest { get; }
    public WarningWorker Warnings { get; }
    public SchedulerWorker? Scheduler { get; }

    private ServerHost(ServerOptions options, Action<string> log)
    {
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
            Suggestions = new SuggestionWorker(_db, Serving, options.SuggestEvery, log);
            builder.Services.AddSingleton(Serving);
            var knowledge = new KnowledgeHolder
            {
                Current = new Models.Knowledge.KnowledgeBase(Models.Knowledge.KbData.FromWarehouse(conn)),
            };
            log($"knowledge base: {knowledge.Current.Count:N0} answered questions");
            _keys = new ServeKeys(_db);
            builder.Services.AddSingleton(_keys);
            var activeKeys = _keys.Ring.Count;
            log(activeKeys > 0 ? $"{activeKeys} active API keys"
                : "no API keys yet: every /v1 request answers 401 until one exists (stop, `hotline "
                    + "keys add --role centre --name …`, restart)");
            builder.Services.AddSingleton(knowledge);
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
            if (KafkaBootstrap is not null)
            {
                Ingest = new IngestWorker(_db, KafkaBootstrap, options, log);
                builder.Services.AddHostedService(_ => Ingest);
            }

            _app = builder.Build();
            _app.UseExceptionHandler();
            _app.UseStatusCodePages();
            _audit = new AuditWriter(_db, log);
            ApiAccess.Use(_app, _db, _keys, _audit, options.Clock);
            _app.UseRateLimiter();
            _app.MapOpenApi();
            _app.MapGet("/healthz", (ServingModel s) => Results.Json(new
            {
                status = "ok",
                model_version = s.Current?.Run.Version,
                suggestions_written = Interlocked.Read(ref Suggestions.Written),
                events_ingested = Ingest?.Progress is { } p ? Interlocked.Read(ref p.Inserted) : (long?)null,
                warning_scans = Warnings.Scans,
                alert_changes_delivered = Warnings.Delivered,
            }, ApiJson.Options)).WithSummary("Liveness, the model being served and ingest progress");
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
        }
        catch
        {
            _audit?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _embedded?.Dispose();
            _db.Dispose();
            throw;
        }
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
        _conn.Dispose();
        _embedded?.Dispose();
        _db.Dispose();
    }
}
