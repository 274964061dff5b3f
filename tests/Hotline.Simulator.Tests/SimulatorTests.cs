namespace Hotline.Simulator.Tests;

public class SimulatorTests
{
    private static string Run(SimulatorOptions o, string? truthDir = null)
    {
        var path = Path.Combine(TestData.TempDir("sim"), "events.jsonl");
        using (var truth = truthDir is null ? null : new TruthRecorder(truthDir))
        using (var sink = JsonlSink.Create(path))
            new CitySimulator(o).Run(sink, truth);
        return path;
    }

    [Fact]
    public void Same_arguments_give_byte_identical_output_and_another_seed_does_not()
    {
        var o = new SimulatorOptions { Start = new DateOnly(2025, 6, 1), Days = 4, TicketsPerDay = 400, Seed = 9 };
        var t1 = TestData.TempDir("truth1");
        var t2 = TestData.TempDir("truth2");
        var a = File.ReadAllBytes(Run(o, t1));
        var b = File.ReadAllBytes(Run(o, t2));
        Assert.Equal(a, b);
        foreach (var f in new[] { "routing.csv", "incidents.csv", "callers.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(t1, f)), File.ReadAllBytes(Path.Combine(t2, f)));
        Assert.NotEqual(a, File.ReadAllBytes(Run(o with { Seed = 10 })));
    }

    [Fact]
    public void Every_event_passes_validation_and_the_stream_is_in_time_order()
    {
        var events = TestData.Simulate(days: 5, perDay: 500);
        var parser = new EventParser(ReferenceData.Default.Codes());
        foreach (var e in events) Assert.True(parser.Parse(EventJson.ToUtf8(e)).Event is not null, e.EventId);
        for (var i = 1; i < events.Count; i++)
            Assert.True(events[i].OccurredAt >= events[i - 1].OccurredAt,
                $"the stream goes back in time at {events[i].EventId}");
        foreach (var g in events.GroupBy(e => e.TicketId))
        {
            var list = g.ToList();
            Assert.Equal("created", list[0].Type);
            for (var i = 1; i < list.Count; i++)
            {
                Assert.True(list[i].OccurredAt >= list[i - 1].OccurredAt,
                    $"{g.Key} goes back in time at {list[i].EventId}");
                Assert.Equal(list[i - 1].Seq + 1, list[i].Seq);
            }
        }
    }

    [Fact]
    public void Seasons_weekdays_and_hours_have_a_realistic_shape()
    {
        var jan = TestData.Simulate(days: 14, perDay: 800, start: new DateOnly(2025, 1, 6))
            .Where(e => e.Type == "created").ToList();
        var jul = TestData.Simulate(days: 14, perDay: 800, start: new DateOnly(2025, 7, 7))
            .Where(e => e.Type == "created").ToList();
        var truthJan = Categories(jan);
        var truthJul = Categories(jul);
        double Share(List<TicketEvent> created, Dictionary<string, string> cats, string prefix) =>
            created.Count(e => cats.GetValueOrDefault(e.TicketId, "")
                .StartsWith(prefix, StringComparison.Ordinal)) / (double)created.Count;
        var heatJan = Share(jan, truthJan, "PU.HEAT");
        var heatJul = Share(jul, truthJul, "PU.HEAT");
        Assert.True(heatJan >= 5 * heatJul, $"heating share January {heatJan:P2} vs July {heatJul:P2}");

        var weekday = jan.Where(e => e.OccurredAt.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .GroupBy(e => e.OccurredAt.Date).Average(g => g.Count());
        var weekend = jan.Where(e => e.OccurredAt.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            .GroupBy(e => e.OccurredAt.Date).Average(g => g.Count());
        Assert.InRange(weekday / weekend, 1.1, 1.6);

        var byHour = jan.GroupBy(e => e.OccurredAt.Hour).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byHour.GetValueOrDefault(10) > 8 * byHour.GetValueOrDefault(3),
            "mid-morning should be far busier than 3 a.m.");
    }

    private static Dictionary<string, string> Categories(List<TicketEvent> created) => created
        .Where(e => e.Category is not null).ToDictionary(e => e.TicketId, e => e.Category!);

    [Fact]
    public void Incident_tickets_fall_in_their_window_and_place_and_truth_matches_the_events()
    {
        var dir = TestData.TempDir("truth");
        var o = new SimulatorOptions
        {
            Start = new DateOnly(2025, 7, 1), Days = 20, TicketsPerDay = 600, Seed = 3,
            IncidentsPerMonth = 8
        };
        var path = Run(o, dir);
        var parser = new EventParser();
        var events = File.ReadLines(path).Select(l => parser.Parse(Encoding.UTF8.GetBytes(l)).Event!).ToList();
        var created = events.Where(e => e.Type == "created").ToDictionary(e => e.TicketId);

        var incidents = File.ReadLines(Path.Combine(dir, "incidents.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.True(incidents.Count(i => i[1] == "incident") >= 2);
        foreach (var i in incidents)
        {
            var start = DateTime.Parse(i[3][..19], System.Globalization.CultureInfo.InvariantCulture);
            var end = DateTime.Parse(i[4][..19], System.Globalization.CultureInfo.InvariantCulture);
            var ids = i[^1].Split('|');
            Assert.Equal(int.Parse(i[^2], System.Globalization.CultureInfo.InvariantCulture), ids.Length);
            foreach (var id in ids)
            {
                var c = created[id];
                Assert.InRange(c.OccurredAt, start, end);
                if (i[5].Length > 0) Assert.Equal(i[5], c.District);
                if (i[6].Length > 0) Assert.Equal(i[6], c.Township);
            }
        }

        var routing = File.ReadLines(Path.Combine(dir, "routing.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(created.Count, routing.Count);
        // The unit that replied is the one that finally handled the ticket (a return-and-redispatch may be cut
        // off by the end of the period, so the last dispatch alone is not enough).
        var finalLead = events.Where(e => e.Type == "replied").GroupBy(e => e.TicketId)
            .ToDictionary(g => g.Key, g => g.Last().UnitId);
        var checkedCount = 0;
        foreach (var r in routing.Where(r => r[5] == "dispatch" && finalLead.ContainsKey(r[0])))
        {
            Assert.Equal(r[2], finalLead[r[0]]);
            checkedCount++;
        }
        Assert.True(checkedCount > 5000);
        var returned = events.Count(e => e.Type == "returned") / (double)routing.Count(r => r[5] == "dispatch");
        Assert.InRange(returned, 0.06, 0.16);
    }

    [Fact]
    public void Text_varies_and_a_char_ngram_classifier_cannot_memorise_it()
    {
        var dir = TestData.TempDir("variety");
        var path = Run(new SimulatorOptions
        {
            Start = new DateOnly(2025, 3, 1), Days = 20, TicketsPerDay = 1500,
            Seed = 21
        }, dir);
        var parser = new EventParser();
        var created = File.ReadLines(path).Select(l => parser.Parse(Encoding.UTF8.GetBytes(l)).Event!)
            .Where(e => e.Type == "created").ToList();
        var truth = File.ReadLines(Path.Combine(dir, "routing.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(r => r[0], r => r[1]);
        var labelled = created.Where(e => truth[e.TicketId].Length > 0)
            .Select(e => (Text: e.Title + " " + e.Content, Label: truth[e.TicketId])).ToList();

        var big = labelled.GroupBy(x => x.Label).OrderByDescending(g => g.Count()).First();
        Assert.True(big.Count() >= 1000, $"largest category has {big.Count()} tickets");
        Assert.True(big.Select(x => x.Text).Distinct().Count() >= 0.9 * big.Count(),
            "texts of one category must be ≥ 90% distinct");

        // Multinomial naive Bayes on character 1–3-grams (linear in log space), trained on the first 80%.
        var cut = (int)(labelled.Count * 0.8);
        var nb = new CharNgramNaiveBayes(labelled.Take(cut));
        var test = labelled.Skip(cut).ToList();
        var accuracy = test.Count(x => nb.Predict(x.Text) == x.Label) / (double)test.Count;
        Assert.InRange(accuracy, 0.5, 0.995);
    }

    private sealed class CharNgramNaiveBayes
    {
        private readonly Dictionary<string, Dictionary<string, int>> _counts = [];
        private readonly Dictionary<string, int> _totals = [];
        private readonly Dictionary<string, int> _docs = [];
        private readonly HashSet<string> _vocab = [];
        private readonly int _n;

        public CharNgramNaiveBayes(IEnumerable<(string Text, string Label)> data)
        {
            foreach (var (text, label) in data)
            {
                _n++;
                _docs[label] = _docs.GetValueOrDefault(label) + 1;
                if (!_counts.TryGetValue(label, out var c)) _counts[label] = c = [];
                foreach (var g in Grams(text))
                {
                    c[g] = c.GetValueOrDefault(g) + 1;
                    _totals[label] = _totals.GetValueOrDefault(label) + 1;
                    _vocab.Add(g);
                }
            }
        }

        private static IEnumerable<string> Grams(string s)
        {
            for (var n = 1; n <= 3; n++)
                for (var i = 0; i + n <= s.Length; i++) yield return s.Substring(i, n);
        }

        public string Predict(string text)
        {
            var grams = Grams(text).ToList();
            return _counts.Keys.MaxBy(label =>
            {
                var score = Math.Log(_docs[label] / (double)_n);
                var c = _counts[label];
                var denom = Math.Log(_totals[label] + _vocab.Count);
                foreach (var g in grams) score += Math.Log(c.GetValueOrDefault(g) + 1) - denom;
                return score;
            })!;
        }
    }
}
