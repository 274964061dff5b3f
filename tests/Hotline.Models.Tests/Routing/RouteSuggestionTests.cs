using System.Globalization;
using Hotline.Models.Routing;

namespace Hotline.Models.Tests.Routing;

/// <summary>
/// Streaming suggestions: one per new ticket, idempotent, monitored against dispatch, repeats linked.
/// </summary>
[Collection("routing")]
public sealed class RouteSuggestionTests(RoutingWarehouse w)
{
    [Fact]
    public void Every_unseen_ticket_gets_one_suggestion_and_agreement_is_measured()
    {
        using var db = WarehouseDb.Open(w.CopyTrained(), [ModelsSchema.Module]);
        var registry = new ModelRegistry(db);
        var run = registry.CurrentPromoted(ModelRegistry.Routing)!;
        var model = RoutingModel.Load(registry.VersionDir(run));
        var writer = new RouteSuggestionWriter(db.Connection, model, run.Version);
        var from = run.TrainedTo!.Value;

        var written = 0;
        int n;
        while ((n = writer.Run(from, limit: 1_000)) > 0) written += n;
        var unseen = Sql.Scalar<long>(db.Connection,
            "SELECT count(DISTINCT ticket_id) FROM ticket_events WHERE type = 'created' AND received_at >= $f",
            ("f", from));
        Assert.Equal(unseen, written);
        Assert.Equal(0, writer.Run(from));
        Assert.Equal(0L,
            Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM route_suggestions WHERE received_at < $f",
            ("f", from)));

        var weeks = SuggestionAgreement.Weekly(db);
        Assert.Equal(written, weeks.Sum(x => x.Suggestions));
        var dispatched = weeks.Sum(x => x.Dispatched);
        var final = weeks.Sum(x => x.AgreeFinal) / (double)dispatched;
        Assert.True(final > 0.75, $"suggestions agree with the final unit on {final:P1}");
        // Dispatchers mis-dispatch ~10% in the simulator, so the model agrees with the final unit more often than with
        // them.
        Assert.True(weeks.Sum(x => x.AgreeFirstDispatch) <= weeks.Sum(x => x.AgreeFinal) + dispatched * 0.02);

        // Repeat calls: compare the links with the simulator's truth.
        var truth = File.ReadLines(Path.Combine(w.TruthDir, "routing.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(c => c[0], c => c[6].Length > 0 ? c[6] : null);
        var links = new List<(string Ticket, string Of)>();
        using (var cmd = db.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT ticket_id, repeat_of FROM route_suggestions WHERE repeat_of IS NOT NULL";
            using var r = cmd.ExecuteReader();
            while (r.Read()) links.Add((r.GetString(0), r.GetString(1)));
        }
        var suggested = Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM route_suggestions");
        using var ids = db.Connection.CreateCommand();
        ids.CommandText = "SELECT ticket_id FROM route_suggestions";
        var inWindow = new HashSet<string>();
        using (var r = ids.ExecuteReader()) while (r.Read()) inWindow.Add(r.GetString(0));
        var trueRepeats = inWindow.Count(t => truth.GetValueOrDefault(t) is not null);
        Assert.True(trueRepeats > 10, $"only {trueRepeats} true repeats in the window");
        var correct = links.Count(l => truth.GetValueOrDefault(l.Ticket) == l.Of);
        var recall = correct / (double)trueRepeats;
        var precision = links.Count == 0 ? 0 : correct / (double)links.Count;
        Assert.True(recall >= 0.8,
            string.Create(CultureInfo.InvariantCulture, $"repeat recall {recall:P1} ({correct}/{trueRepeats})"));
        Assert.True(precision >= 0.5,
            string.Create(CultureInfo.InvariantCulture,
            $"repeat precision {precision:P1} ({correct}/{links.Count} of {suggested})"));
    }
}
