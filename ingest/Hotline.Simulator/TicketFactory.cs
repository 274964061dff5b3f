namespace Hotline.Simulator;

/// <summary>
/// Makes one ticket: text, caller, place, created event, routing truth (rule table × place), a plausible
/// wrong unit for mis-dispatch, and the lifecycle.
/// </summary>
public sealed class TicketFactory(SimulatorOptions options, ReferenceData reference, UnitDirectory units,
    TextComposer text,
    LifecycleModel lifecycle)
{
    private static readonly string[] Channels = ["phone", "wechat", "web", "app", "sms", "email"];
    private static readonly double[] ChannelCumulative = SimRandom.Cumulative([0.64, 0.13, 0.10, 0.08, 0.03, 0.02]);
    private readonly Dictionary<string, Category[]> _siblings = reference.Categories
        .GroupBy(c => c.Level2).ToDictionary(g => g.Key, g => g.ToArray());
    private readonly Dictionary<string, Category[]> _sameLevel1 = reference.Categories
        .GroupBy(c => c.Level1).ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>
    /// Categories whose matter has a place of its own: the call-taker records the site, restaurant or school as the
    /// ticket's address (事发地址), not the caller's home. Ordinary and incident tickets alike.
    /// </summary>
    private static readonly Dictionary<string, string> MatterPlace = new(StringComparer.Ordinal)
    {
        ["LS.WAGE.SITE"] = "site", ["MK.FOOD.POISON"] = "shop", ["ED.SCH.HEALTH"] = "school",
    };

    public static readonly Category Abuse = new("_ABUSIVE", "其他", "其他", "无实质诉求", "5wd", "none", [],
        Disposition.Abusive, null, "none", 0);

    public SimTicket Make(long ordinal, Category cat, DateTime at, Place? place, Slots slots, Caller caller,
        SimRandom rng,
        string? incidentId = null, SimTicket? repeatOf = null)
    {
        var channel = Channels[rng.Weighted(ChannelCumulative)];
        var section = repeatOf is not null ? "_repeat" : cat == Abuse ? "_abusive" : cat.Code;
        var county = place?.County.Code;
        var township = place?.Township.Code;

        string? lead;
        IReadOnlyList<string> assists;
        if (repeatOf is not null) { lead = repeatOf.LeadUnit; assists = repeatOf.AssistUnits; }
        else
        {
            lead = cat == Abuse ? null
                : units.Resolve(cat.Lead, county, township, list => PickOperator(list, slots, rng));
            assists = cat.Assist.Select(r => units.Resolve(r, county, township)).OfType<string>().Where(u => u != lead)
                .Distinct().ToList();
        }

        var (title, content) = text.Compose(section, place, slots, channel, rng);
        if (repeatOf is not null)
        {
            content = content.TrimEnd('。') + "，就是之前反映的" + repeatOf.Created.Title + "。";
            if (rng.Chance(0.5)) title = "再次反映" + repeatOf.Created.Title;
        }
        if (cat.Lead == "utility:telecom" && slots.TryGet("operator", out var op)
            && !content.Contains(op, StringComparison.Ordinal))
            content += $"我用的是{op}的号。";

        var disposition = repeatOf is not null ? Disposition.Repeat : cat.Disposition;
        var requestType = RequestType(cat, rng);
        var created = new TicketEvent
        {
            // The contract carries whole seconds; the unrounded time stays on the ticket, where it orders the stream.
            EventId = "", TicketId = "", Type = EventTypes.Created, OccurredAt = CitySimulator.Sec(at), Seq = 0,
            ReceivedAt = CitySimulator.Sec(at),
            Channel = channel, RequestType = requestType, Title = title, Content = content, CallerId = caller.CallerId,
            CallerKind = caller.Kind, CallerPhone = caller.Phone, District = county, Township = township,
            Address = place is null ? null
                : repeatOf is not null ? repeatOf.Created.Address
                : MatterPlace.TryGetValue(cat.Code, out var matter)
                    ? $"{place.County.Name}{place.Township.Name}{text.Slot(matter, place, slots, rng)}"
                : $"{place.County.Name}{place.Township.Name}{place.Compound}{rng.Int(1, 30)}号楼{rng.Int(1, 6)}单元",
            Lat = place is not null && channel is "app" or "wechat" ? place.Lat : null,
            Lon = place is not null && channel is "app" or "wechat" ? place.Lon : null,
            Confidential = rng.Chance(0.03),
            // Call-takers pre-select a category for about a third of tickets, and sometimes pick a sibling.
            Category = cat != Abuse && rng.Chance(0.35) ? (rng.Chance(0.9) ? cat.Code : Confusable(cat, rng).Code)
                : null,
        };
        var t = new SimTicket
        {
            Ordinal = ordinal, ReceivedAt = at, Category = cat, Caller = caller, Place = place, Created = created,
            LeadUnit = lead, AssistUnits = assists, Tier = cat.Tier, Disposition = disposition, RepeatOf = repeatOf,
            IncidentId = incidentId,
        };
        // A repeated, still unsolved matter is sometimes sent to the unit again rather than answered with progress.
        var dispatchAnyway = repeatOf is not null && lead is not null && rng.Chance(0.4);
        if (disposition == Disposition.Dispatch && lead is null)
        {
            // Rule needs a place the ticket lacks: the centre falls back to the territorial government (G12).
            t.LeadUnit = county is null ? "C-SZX" : $"D-{county}";
        }
        var wrong = disposition == Disposition.Dispatch && rng.Chance(options.MisdispatchRate)
            ? WrongUnit(cat, t.LeadUnit!, county, township, rng) : null;
        if (dispatchAnyway) t.Disposition = Disposition.Dispatch;
        lifecycle.Build(t, rng, wrong);
        if (dispatchAnyway) t.Disposition = Disposition.Repeat;
        return t;
    }

    private static Unit PickOperator(IReadOnlyList<Unit> operators, Slots slots, SimRandom rng)
    {
        var op = TextComposer.Operator(slots, rng);
        return operators.FirstOrDefault(u => u.Name.Contains(op, StringComparison.Ordinal)) ?? operators[0];
    }

    private Category Confusable(Category cat, SimRandom rng)
    {
        var pool = _siblings[cat.Level2].Length > 1 && rng.Chance(0.7) ? _siblings[cat.Level2]
            : _sameLevel1[cat.Level1];
        var pick = pool[rng.Int(pool.Length)];
        return pick.Code == cat.Code ? pool[(Array.IndexOf(pool, pick) + 1) % pool.Length] : pick;
    }

    /// <summary>
    /// A unit a hurried dispatcher could plausibly pick: a confusable category's unit, else the territorial office.
    /// </summary>
    private string? WrongUnit(Category cat, string lead, string? county, string? township, SimRandom rng)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var other = Confusable(cat, rng);
            if (other.Disposition != Disposition.Dispatch) continue;
            var unit = units.Resolve(other.Lead, county, township);
            if (unit is not null && unit != lead) return unit;
        }
        if (township is not null && lead != $"T-{township}") return $"T-{township}";
        return county is not null && lead != $"D-{county}" ? $"D-{county}" : null;
    }

    private static string RequestType(Category cat, SimRandom rng)
    {
        if (cat.Disposition == Disposition.KbAnswer) return rng.Chance(0.9) ? "consultation" : "help";
        if (cat.Code.StartsWith("OT.SUGGEST", StringComparison.Ordinal)) return "suggestion";
        if (cat.Level1 is "紧急事项") return "help";
        if (cat.Code.StartsWith("GS.", StringComparison.Ordinal)) return rng.Chance(0.7) ? "consultation" : "complaint";
        if (cat.Code.StartsWith("PU.", StringComparison.Ordinal)) return rng.Chance(0.5) ? "help" : "complaint";
        if (cat.Code.StartsWith("PS.", StringComparison.Ordinal)
            || cat.Code.EndsWith("FAKE", StringComparison.Ordinal)) return rng.Chance(0.5) ? "report" : "complaint";
        var x = rng.Next();
        return x < 0.7 ? "complaint" : x < 0.85 ? "help" : x < 0.95 ? "consultation" : "report";
    }
}
