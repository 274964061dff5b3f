namespace Hotline.Models.Routing;

/// <summary>The JSON shape of routing metrics (shared by `evaluate routing`, `train` and model_runs.metrics).</summary>
public static class RoutingReport
{
    public static Dictionary<string, object?> ToJson(RoutingMetrics m, RoutingTrainResult? run = null)
    {
        static double R(double x) => Math.Round(x, 4);
        var d = new Dictionary<string, object?>
        {
            ["unit_top1"] = R(m.UnitTop1),
            ["unit_top3"] = R(m.UnitTop3),
            ["category_macro_f1"] = R(m.CategoryMacroF1),
            ["category_level2_macro_f1"] = R(m.CategoryLevel2MacroF1),
            ["category_level1_macro_f1"] = R(m.CategoryLevel1MacroF1),
            ["emergency_recall"] = R(m.EmergencyRecall),
            ["emergency_precision"] = R(m.EmergencyPrecision),
            ["emergency_tickets"] = m.EmergencyTickets,
            ["abstain_rate"] = R(m.AbstainRate),
            ["accuracy_when_not_abstaining"] = R(m.AccuracyWhenNotAbstaining),
            ["tier_accuracy"] = R(m.TierAccuracy),
            ["calibration_error"] = R(m.CalibrationError),
            ["reliability"] = m.Reliability.Select(b =>
                new { confidence = R(b.Confidence), accuracy = R(b.Accuracy), count = b.Count }),
            ["test_rows"] = m.Rows,
            ["dispatched_test_rows"] = m.DispatchedRows,
            ["dispositions"] = m.Dispositions.Select(c =>
                new { disposition = c.Label, support = c.Support, precision = R(c.Precision), recall = R(c.Recall) }),
            ["per_class"] = m.PerCategory.Select(c =>
                new
                {
                    category = c.Label, support = c.Support, precision = R(c.Precision), recall = R(c.Recall),
                    f1 = R(c.F1)
                }),
        };
        if (run is not null)
        {
            d["trainer"] = run.Trainer;
            d["train_rows"] = run.Split.Train.Count;
            d["train_seconds"] = Math.Round(run.TrainSeconds, 1);
            d["train_window"] = $"{run.Split.TrainFrom:yyyy-MM-dd}..{run.Split.TrainTo:yyyy-MM-dd}";
            d["test_window"] = $"{run.Split.ValidationTo:yyyy-MM-dd}..{run.Split.TestTo:yyyy-MM-dd}";
            d["emergency_threshold"] = R(run.Model.Tables.EmergencyThreshold);
            d["abstain_threshold"] = R(run.Model.Tables.AbstainThreshold);
        }
        return d;
    }
}
