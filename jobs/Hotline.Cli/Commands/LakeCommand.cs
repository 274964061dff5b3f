using Hotline.Jobs.Lake;
using Hotline.Jobs.Periods;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline lake export|brief`: a warehouse written into a Hive-partitioned Parquet lake (city/date) that other
/// engines read as it is, and the hotspot brief computed from the lake, for one city or for every city in it.
/// </summary>
public static class LakeCommand
{
    public static Option<string?> LakeOption() => Cli.Opt<string?>("--lake",
        "Parquet lake folder (Hive-partitioned city=…/date=…) to write the warehouse's tickets, alerts and reference "
        + "tables into, incrementally");

    public static Command Build()
    {
        var db = Cli.DbOption();
        var lake = Cli.Required<string>("--lake", "the lake's folder (created if missing)");
        var city = Cli.Opt<string?>("--city",
            "city code to write under (default: the warehouse's division code; the shipped city is 371300)");
        var export = new Command("export",
            "Write the warehouse into the lake: only the days whose tickets changed since the last export.")
            { db, lake, city };
        export.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            Console.WriteLine(Describe(LakeWriter.Export(warehouse.Connection, p.GetValue(lake)!, p.GetValue(city))));
            return 0;
        }));

        var from = Cli.Required<string>("--lake", "the lake's folder");
        var briefCity = Cli.Opt<string?>("--city", "one city's code (default: every city in the lake)");
        var region = Cli.Opt<string?>("--region", "for several cities: the name the brief carries (e.g. 山东省)");
        var asOf = Cli.Required<string>("--as-of", "data cutoff: a date (through its end) or date-time, China time");
        var period = Cli.Opt("--period", "month or week", "month");
        var outDir = Cli.Required<string>("--out", "folder to write the brief into");
        var brief = new Command("brief",
            "The hotspot brief (MD/HTML/DOCX/JSON + charts) computed from the lake, as the brief job writes it.")
            { from, briefCity, region, asOf, period, outDir };
        brief.SetAction(p => Cli.Run(() =>
        {
            var job = ReportJobs.Find(p.GetValue(period) switch
            {
                "month" => "brief-monthly",
                "week" => "brief-weekly",
                var other => throw new ArgumentException($"--period is month or week, not '{other}'"),
            });
            var cutoff = ReportPeriod.ParseCutoff(p.GetValue(asOf)!);
            var reportPeriod = ReportPeriod.ForCutoff(job.Kind, cutoff);
            if (cutoff > reportPeriod.End) cutoff = reportPeriod.End;
            using var reader = LakeReader.Open(p.GetValue(from)!, p.GetValue(briefCity), p.GetValue(region));
            var folder = new OutputFolder(p.GetValue(outDir)!);
            var detail = job.Run(new JobContext(reader.Connection, reader.Reference, reportPeriod, cutoff, folder));
            Console.WriteLine($"{job.Name} {reportPeriod.Key} from the lake ({string.Join(", ", reader.Cities)}): "
                + detail);
            foreach (var f in folder.Written) Console.WriteLine($"  {f}");
            return 0;
        }));
        return new Command("lake",
            "A Hive-partitioned Parquet lake (city/date) for province- or nation-wide analysis, and briefs from it.")
            { export, brief };
    }

    public static string Describe(LakeExport e) =>
        $"lake {e.Root} city={e.City}: {e.DaysWritten} days written ({e.TicketRows:N0} tickets), {e.DaysUnchanged} "
        + $"unchanged, {e.DaysRemoved} removed, {e.AlertRows:N0} alerts, in {Cli.Duration(e.Took)}";
}
