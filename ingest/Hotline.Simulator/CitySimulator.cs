namespace Hotline.Simulator;

/// <summary>Receives the simulated stream in time order.</summary>
public interface IEventSink
{
    void Write(TicketEvent e);
}

/// <summary>
/// The city simulator: a seeded, deterministic stream of 12345 ticket events with ground truth.
/// Days are generated independently (each from its own seeded stream, so they can run in parallel without
/// changing the output), then merged into one stream in time order (each day sorts its own events;
/// <see cref="DayMerge"/> merges the days); ticket ids are
/// assigned when a ticket's created event is emitted, so ids follow receipt order as in a real centre.
/// </summary>
public sealed class CitySimulator
{
    private readonly SimulatorOptions _o;
    private readonly ReferenceData _reference;
    private readonly PlaceModel _places;
    private readonly TicketFactory _factory;
    private readonly TimeModel _time;
    private readonly IncidentPlan _incidents;
    private readonly CallerModel _callers;
    private readonly Category[] _categories;
    private readonly Dictionary<string, DateOnly> _emergingStart = [];
    private readonly Dictionary<string, Category> _byCode;

    public CitySimulator(SimulatorOptions options, ReferenceData? reference = null, PhraseBank? phrases = null)
    {
        options.Validate();
        _o = options;
        _reference = reference ?? ReferenceData.Default;
        var bank = phrases ?? PhraseBank.Default;
        var calendar = new WorkingCalendar(_reference.Holidays);
        var units = new UnitDirectory(_reference);
        _places = new PlaceModel(_reference, bank);
        var behaviours = new System.Collections.Concurrent.ConcurrentDictionary<string, UnitBehaviour>();
        var lifecycle = new LifecycleModel(calendar, units, id =>
            behaviours.GetOrAdd(id, static (u, seed) => UnitBehaviour.Draw(u, seed), options.Seed), options);
        _factory = new TicketFactory(options, _reference, units, new TextComposer(bank, _places), lifecycle);
        _time = new TimeModel(calendar, options);
        _incidents = new IncidentPlan(options, _places, _reference);
        _callers = new CallerModel(options);
        _categories = _reference.Categories.ToArray();
        _byCode = _categories.ToDictionary(c => c.Code);
        // New business forms appear partway through the period (35% and 60% in), for new-topic detection.
        var emerging = _categories.Where(c => c.Season == "emerging").ToArray();
        for (var i = 0; i < emerging.Length; i++)
            _emergingStart[emerging[i].Code] = options.Start.AddDays((int)(options.Days * (0.35 + 0.25 * i)));
    }

    public IncidentPlan Incidents => _incidents;
    public IReadOnlyDictionary<string, DateOnly> EmergingTopics => _emergingStart;
    public long TicketsEmitted { get; private set; }
    public long EventsEmitted { get; private set; }
    /// <summary>
    /// Time the sequential merge spent waiting for generation: near zero means the merge (or the sink) bounds
    /// throughput.
    /// </summary>
    public TimeSpan MergeWaited { get; private set; }

    public void Run(IEventSink sink, TruthRecorder? truth = null, Action<int>? dayDone = null,
        CancellationToken cancel = default)
    {
        var merge = new DayMerge();
        var counters = new Dictionary<DateOnly, int>();
        const int window = 4; // days generated in parallel per step; output does not depend on it
        // The merge below is sequential; generating (and sorting) the next window meanwhile keeps both cores busy.
        Task<EventSlot[][]> Generate(int first) => Task.Run(() =>
        {
            var count = Math.Min(window, _o.Days - first);
            var days = new EventSlot[count][];
            Parallel.For(0, count, i => days[i] = EventSlot.SortedEventsOf(GenerateDay(first + i)));
            return days;
        });
        var next = _o.Days > 0 ? Generate(0) : null;
        for (var first = 0; first < _o.Days; first += window)
        {
            cancel.ThrowIfCancellationRequested();
            var waited = System.Diagnostics.Stopwatch.GetTimestamp();
            var days = next!.GetAwaiter().GetResult();
            MergeWaited += System.Diagnostics.Stopwatch.GetElapsedTime(waited);
            next = first + window < _o.Days ? Generate(first + window) : null;
            for (var i = 0; i < days.Length; i++)
            {
                // Day d's tickets (and the repeats it schedules later) are all received on day d or after, so once
                // it is added, everything before midnight after d is known.
                merge.Add(days[i]);
                var boundary = _o.Start.AddDays(first + i + 1).ToDateTime(TimeOnly.MinValue).Ticks;
                Drain(merge, boundary, counters, sink, truth);
                dayDone?.Invoke(first + i + 1);
            }
        }
        Drain(merge, long.MaxValue, counters, sink, truth);
        truth?.Complete(_incidents);
    }

    private void Drain(DayMerge merge, long boundary, Dictionary<DateOnly, int> counters, IEventSink sink,
        TruthRecorder? truth)
    {
        while (merge.TryNext(boundary, out var slot))
        {
            var t = slot.Ticket;
            TicketEvent e;
            if (slot.Index < 0)
            {
                var day = DateOnly.FromDateTime(t.ReceivedAt);
                ref var counter =
                    ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counters, day, out _);
                e = t.Emit($"LY{day:yyyyMMdd}{++counter:D6}", truth);
                TicketsEmitted++;
            }
            else
            {
                var l = t.Lifecycle[slot.Index];
                e = l.ToEvent(t.Id!, $"{t.Id}-{l.Seq:D2}");
            }
            sink.Write(e);
            EventsEmitted++;
        }
    }

    /// <summary>
    /// The contract carries whole seconds; model times are continuous and are rounded when events are built.
    /// </summary>
    internal static DateTime Sec(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Kind);

    private List<SimTicket> GenerateDay(int dayIndex)
    {
        var day = _o.Start.AddDays(dayIndex);
        var rng = new SimRandom(SimRandom.Derive(_o.Seed, "day", dayIndex));
        var weights = SimRandom.Cumulative(_categories.Select(c => c.Weight * (c.Season switch
        {
            "emerging" => TimeModel.Emerging(day, _emergingStart[c.Code]),
            "none" => 1.0,
            var s => TimeModel.Season(s, day),
        })));
        var tickets = new List<SimTicket>();
        long ordinal = (long)dayIndex * 100_000_000;
        var volume = rng.Poisson(_time.DailyVolume(day, rng));
        for (var i = 0; i < volume; i++)
        {
            var cat = _categories[rng.Weighted(weights)];
            var emergency = cat.Disposition.IsTransfer();
            var at = TimeModel.AtHour(day, rng, emergency ? TimeModel.FlatHours : TimeModel.HourCumulative);
            var place = cat.Disposition == Disposition.OutsideCity ? null : _places.Draw(rng);
            var caller = CallerModel.New(rng, CallerKindFor(cat, rng));
            var t = _factory.Make(ordinal++, cat, at, place, new Slots(), caller, rng);
            tickets.Add(t);
            if (t.Disposition == Disposition.Dispatch && rng.Chance(0.035)) AddRepeats(t, tickets, ref ordinal, rng);
        }
        foreach (var (inc, at) in _incidents.On(day))
        {
            var code = inc.Categories.Length > 1 && rng.Chance(0.3) ? inc.Categories[1] : inc.Categories[0];
            var cat = _byCode[code];
            var place = inc.Township is { } tw ? _places.At(tw, rng) : inc.CityWide ? _places.Draw(rng)
                : _places.DrawIn(inc.County.Code, rng);
            if (inc.Slots.TryGet("compound", out var compound)) place = place with { Compound = compound };
            tickets.Add(_factory.Make(ordinal++, cat, at, place, inc.Slots.Clone(), CallerModel.New(rng, "person"), rng,
                incidentId: inc.Id));
        }
        foreach (var caller in _callers.Abusive)
        {
            if (!rng.Chance(0.35)) continue;
            var calls = rng.Int(2, 12);
            var start = TimeModel.AtHour(day, rng, TimeModel.HourCumulative);
            for (var k = 0; k < calls; k++)
            {
                var at = start.AddMinutes(k * rng.Int(5, 60));
                if (at.Date != day.ToDateTime(TimeOnly.MinValue)) break;
                tickets.Add(_factory.Make(ordinal++, TicketFactory.Abuse, at, _places.Draw(rng), new Slots(), caller,
                    rng));
            }
        }
        return tickets;
    }

    private void AddRepeats(SimTicket original, List<SimTicket> tickets, ref long ordinal, SimRandom rng)
    {
        original.Caller.Repeat = true;
        var at = original.ReceivedAt;
        for (var k = rng.Int(1, 4); k > 0; k--)
        {
            at = at.AddDays(rng.Int(2, 15)).AddMinutes(rng.Int(-300, 300));
            if (at >= _o.EndTime) break;
            tickets.Add(_factory.Make(ordinal++, original.Category, at, original.Place, new Slots(), original.Caller,
                rng, repeatOf: original));
        }
    }

    private static string CallerKindFor(Category cat, SimRandom rng) =>
        cat.Code.StartsWith("GS.", StringComparison.Ordinal) || cat.Code.StartsWith("LS.INS", StringComparison.Ordinal)
            ? (rng.Chance(0.35) ? "company" : "person")
            : rng.Chance(0.015) ? "organisation" : "person";
}
