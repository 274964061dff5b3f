namespace Hotline.Simulator;

/// <summary>
/// Plays a ticket through the centre and its units: disposition before dispatch (transfer, legal route, KB
/// answer, repeat, abuse), dispatch with a realistic share of mis-dispatches that come back as returns,
/// sign-for, extensions, replies late or on time, supervision, callback with satisfaction, reopening after
/// dissatisfaction, and closing. Deadlines follow the working-day calendar; 7x24 units count clock time.
/// </summary>
public sealed class LifecycleModel(WorkingCalendar calendar, UnitDirectory units,
    Func<string, UnitBehaviour> behaviour, SimulatorOptions options)
{
    private const string Centre = "C-SZX";

    private static readonly string[] ReturnReasons =
    [
        "该事项不属于我单位职责范围，建议转属地处理", "经核实诉求地点不在我辖区", "该问题应由行业主管部门处理",
        "诉求涉及专业执法事项，请转相关部门", "非我单位管理范围，已说明依据",
    ];
    private static readonly string[] ExtensionReasons = ["需协调多个部门现场处置", "涉及资金落实需走程序", "需等待检测结果", "施工周期较长"];

    /// <summary>
    /// One scratch list per generating thread: a lifecycle is assembled here, then copied at its exact size.
    /// </summary>
    [ThreadStatic] private static List<SimEvent>? _scratch;

    /// <summary>An event being assembled; its seq is set once the lifecycle is in time order.</summary>
    private static SimEvent E(string type, DateTime at) => new() { Type = type, OccurredAt = at };

    public void Build(SimTicket t, SimRandom rng, string? wrongUnit)
    {
        var ev = _scratch ??= new List<SimEvent>(32);
        ev.Clear();
        var now = t.ReceivedAt;
        var tier = t.Tier;

        switch (t.Disposition)
        {
            case Disposition.Transfer110 or Disposition.Transfer119
                or Disposition.Transfer120 or Disposition.Transfer122:
                now = now.AddSeconds(rng.Int(30, 300));
                ev.Add(E(EventTypes.Dispatched, now) with
                {
                    UnitId = t.LeadUnit,
                    Role = "lead",
                    DeadlineTier = "2h",
                    DueAt = now.AddHours(2),
                    Category = t.Category.Code
                });
                ev.Add(E(EventTypes.Closed, now.AddMinutes(rng.Int(5, 60))));
                break;
            case Disposition.KbAnswer or Disposition.LegalChannel or Disposition.OutsideCity or Disposition.Repeat:
                now = now.AddMinutes(rng.Int(1, 25));
                var text = t.Disposition switch
                {
                    Disposition.KbAnswer => "已根据知识库答复诉求人相关政策和办理流程",
                    Disposition.LegalChannel => "该事项已进入法定途径，已告知诉求人依法通过相应渠道解决",
                    Disposition.OutsideCity => "该事项不属于本市管辖，已告知诉求人向属地热线反映",
                    _ => "经核查为重复诉求，已告知诉求人原工单办理进度",
                };
                ev.Add(E(EventTypes.Replied, now) with { UnitId = Centre, Outcome = "explained", ReplyText = text });
                if (rng.Chance(0.6)) ev.Add(E(EventTypes.Callback,
                    now = now.AddHours(rng.Int(2, 30))) with
                {
                    Satisfaction = rng.Chance(0.85) ? "satisfied"
                    : "basically_satisfied",
                    Resolved = true
                });
                ev.Add(E(EventTypes.Closed, now.AddMinutes(rng.Int(5, 120))));
                break;
            case Disposition.Abusive:
                now = now.AddMinutes(rng.Int(1, 10));
                ev.Add(E(EventTypes.Replied, now) with
                {
                    UnitId = Centre,
                    Outcome = "explained",
                    ReplyText = "诉求人无实质诉求，已劝导文明使用热线"
                });
                ev.Add(E(EventTypes.Terminated, now.AddMinutes(rng.Int(1, 30))) with { Reason = "无实质诉求，反复拨打占用热线资源" });
                break;
            default:
                Dispatch(t, ev, now, tier, rng, wrongUnit);
                break;
        }
        // The stream is in time order per ticket, with seq following it; what has not happened by the end of
        // the simulated period is not in the stream.
        // Stable insertion sort by time (ties keep the order of assembly): lifecycles are short and nearly sorted.
        for (var i = 1; i < ev.Count; i++)
        {
            var x = ev[i];
            var j = i - 1;
            while (j >= 0 && ev[j].OccurredAt > x.OccurredAt) { ev[j + 1] = ev[j]; j--; }
            ev[j + 1] = x;
        }
        var n = 0;
        t.Lifecycle.Capacity = ev.Count;
        foreach (var e in ev)
        {
            if (e.OccurredAt < options.EndTime)
                t.Lifecycle.Add(e with
                {
                    Seq = ++n,
                    OccurredAt = CitySimulator.Sec(e.OccurredAt),
                    DueAt = e.DueAt is { } d ? CitySimulator.Sec(d) : null,
                    NewDueAt = e.NewDueAt is { } nd
                        ? CitySimulator.Sec(nd) : null,
                });
        }
        ev.Clear();
    }

    private void Dispatch(SimTicket t, List<SimEvent> ev, DateTime now, string tier, SimRandom rng, string? wrongUnit)
    {
        var urgent = tier is "2h" or "24h";
        now = now.AddMinutes(urgent ? rng.Int(2, 15) : rng.Int(5, 90));
        // Tickets taken at night that are not urgent wait for the morning shift's dispatchers.
        if (!urgent && (now.Hour >= 22 || now.Hour < 7)) now = now.Date.AddDays(now.Hour >= 22 ? 1 : 0).AddHours(8)
            .AddMinutes(rng.Int(0, 90));
        var category = t.Category.Code;

        // Mis-dispatches: the wrong unit (sometimes) signs, then returns with a reason; the centre re-dispatches.
        var wrongs = wrongUnit is null ? 0 : rng.Chance(0.15) ? 2 : 1;
        for (var w = 0; w < wrongs; w++)
        {
            var unit = w == 0 ? wrongUnit! : t.AssistUnits.FirstOrDefault() ?? wrongUnit!;
            if (unit == t.LeadUnit) break;
            var due = calendar.DueAt(now, tier, units.Find(unit)?.AlwaysOn ?? false);
            ev.Add(E(EventTypes.Dispatched, now) with
            {
                UnitId = unit,
                Role = "lead",
                DeadlineTier = tier,
                DueAt = due,
                Category = category
            });
            if (rng.Chance(0.6)) ev.Add(E(EventTypes.Signed,
                now = now.AddMinutes(rng.LogNormal(60, 0.8))) with
            { UnitId = unit });
            ev.Add(E(EventTypes.Returned,
                now = now.AddHours(rng.LogNormal(urgent ? 1.5 : 18, 0.7))) with
            {
                UnitId = unit,
                Reason = rng.Pick(ReturnReasons)
            });
            now = now.AddMinutes(rng.Int(10, 180));
        }

        var lead = t.LeadUnit!;
        var b = behaviour(lead);
        var alwaysOn = units.Find(lead)?.AlwaysOn ?? false;
        var dueAt = calendar.DueAt(now, tier, alwaysOn);
        ev.Add(E(EventTypes.Dispatched, now) with
        {
            UnitId = lead,
            Role = "lead",
            DeadlineTier = tier,
            DueAt = dueAt,
            Category = category
        });
        foreach (var a in t.AssistUnits)
            ev.Add(E(EventTypes.Dispatched, now) with
            {
                UnitId = a,
                Role = "assist",
                DeadlineTier = tier,
                DueAt = dueAt,
                Category = category
            });
        var dispatchedAt = now;

        var signDelay = urgent ? rng.LogNormal(Math.Min(b.SignMedianMinutes, 20), 0.6)
            : rng.LogNormal(b.SignMedianMinutes, 0.9);
        // A few units sit on tickets for more than a working day (G15 sign-for limit): the digest must see them.
        if (!urgent && rng.Chance(0.03)) signDelay += 60 * 30;
        var signedAt = SkipNight(dispatchedAt.AddMinutes(signDelay), alwaysOn || urgent);
        ev.Add(E(EventTypes.Signed, signedAt) with { UnitId = lead });
        foreach (var a in t.AssistUnits) ev.Add(E(EventTypes.Signed,
            signedAt.AddMinutes(rng.Int(5, 240))) with
        { UnitId = a });

        if (t.Caller.Abusive == false && rng.Chance(0.008))
        {
            ev.Add(E(EventTypes.Terminated, signedAt.AddHours(rng.Int(4, 48))) with { Reason = "诉求人拒不配合核实，经多次联系无果" });
            return;
        }

        SimEvent? extension = null;
        if (rng.Chance(b.ExtensionRate) && tier is "3wd" or "5wd")
        {
            var askAt = dueAt.AddHours(-rng.Int(2, 20));
            if (askAt > signedAt)
            {
                dueAt = calendar.AddWorkingDays(dueAt, rng.Int(2, 6));
                extension = E(EventTypes.Extended, askAt) with
                {
                    UnitId = lead,
                    NewDueAt = dueAt,
                    Reason = rng.Pick(ExtensionReasons)
                };
            }
        }

        var repliedAt = Reply(signedAt, dispatchedAt, dueAt, b, rng, out var late);
        // Extensions are asked before the reply; a unit that replied first never needed one.
        if (extension is { } ext && ext.OccurredAt < repliedAt) ev.Add(ext);
        var supervisedAt = dueAt.AddMinutes(rng.Int(30, 600));
        if (late && supervisedAt < repliedAt && rng.Chance(0.6))
            ev.Add(E(EventTypes.Supervised, supervisedAt) with
            {
                Level = rng.Chance(0.85) ? "hotline" : "government",
                Trigger = "overdue",
                UnitId = lead
            });
        if (t.RepeatOf is not null && rng.Chance(0.4))
            ev.Add(E(EventTypes.Supervised, signedAt.AddMinutes(rng.Int(10, 120))) with
            {
                Level = "hotline",
                Trigger = "repeat_unsolved",
                UnitId = lead
            });
        var satisfaction = Math.Clamp(b.Satisfaction - (late ? 0.2 : 0) - (t.RepeatOf is not null ? 0.15 : 0), 0.2,
            0.98);
        now = ReplyAndCallback(ev, lead, repliedAt, satisfaction, rng, out var unhappy);

        if (unhappy && rng.Chance(0.4))
        {
            // L20/B25: unsatisfied and reasonable → re-handling by the same unit.
            now = now.AddHours(rng.Int(1, 24));
            ev.Add(E(EventTypes.Reopened, now) with { Reason = "诉求人对办理结果不满意，要求重新办理" });
            var due2 = calendar.DueAt(now, tier, alwaysOn);
            ev.Add(E(EventTypes.Dispatched, now = now.AddMinutes(rng.Int(5, 60))) with
            {
                UnitId = lead,
                Role = "lead",
                DeadlineTier = tier,
                DueAt = due2,
                Category = category
            });
            ev.Add(E(EventTypes.Signed,
                now = now.AddMinutes(rng.LogNormal(b.SignMedianMinutes, 0.6))) with
            { UnitId = lead });
            var reply2 = Reply(now, now, due2, b, rng, out _);
            now = ReplyAndCallback(ev, lead, reply2, Math.Min(0.95, satisfaction + 0.15), rng, out _);
        }
        ev.Add(E(EventTypes.Closed, now.AddMinutes(rng.Int(10, 240))));
    }

    private DateTime Reply(DateTime signedAt, DateTime dispatchedAt, DateTime dueAt, UnitBehaviour b, SimRandom rng,
        out bool late)
    {
        var window = Math.Max(0.25, (dueAt - dispatchedAt).TotalHours);
        late = rng.Chance(b.OverdueRate);
        var at = late
            ? dueAt.AddHours(rng.LogNormal(Math.Max(1, window * 0.3), 0.8))
            : dispatchedAt.AddHours(window * Math.Clamp(b.ReplyShare * Math.Exp(rng.Normal(0, 0.5)), 0.05, 0.97));
        if (at <= signedAt) at = signedAt.AddMinutes(rng.Int(5, 60));
        late = at > dueAt;
        return at;
    }

    private static readonly string[] ReplyTexts =
    [
        "经现场核实，问题已处理完毕，已向诉求人反馈", "已协调相关责任单位整改到位，并电话告知诉求人",
        "经调查情况属实，已责令整改，后续将加强巡查", "已向诉求人解释相关政策依据，诉求人表示理解",
        "问题涉及历史遗留原因，已制定整改计划分步解决", "已安排工作人员上门处理，现已恢复正常",
    ];

    private static DateTime ReplyAndCallback(List<SimEvent> ev, string lead, DateTime repliedAt,
        double satisfaction, SimRandom rng, out bool unhappy)
    {
        var outcome = rng.Chance(0.78) ? "resolved" : rng.Chance(0.6) ? "explained" : rng.Chance(0.7)
            ? "partially_resolved" : "unresolvable";
        ev.Add(E(EventTypes.Replied, repliedAt) with
        {
            UnitId = lead,
            Outcome = outcome,
            ReplyText = rng.Pick(ReplyTexts)
        });
        unhappy = false;
        if (!rng.Chance(0.9)) return repliedAt; // caller unreachable at callback
        var x = rng.Next();
        var s = outcome == "resolved" ? satisfaction : satisfaction - 0.25;
        var level = x < s ? "satisfied" : x < s + (1 - s) * 0.5 ? "basically_satisfied" : "unsatisfied";
        unhappy = level == "unsatisfied";
        var at = repliedAt.AddHours(rng.LogNormal(20, 0.6));
        ev.Add(E(EventTypes.Callback, at) with
        {
            Satisfaction = level,
            Resolved = level != "unsatisfied"
            && outcome != "unresolvable"
        });
        return at;
    }

    /// <summary>Units that do not run 7x24 act in office hours: a sign-for due at night happens next morning.</summary>
    private static DateTime SkipNight(DateTime at, bool alwaysOn)
    {
        if (alwaysOn || at.Hour is >= 8 and < 20) return at;
        var morning = at.Date.AddHours(8).AddMinutes(at.Minute);
        return at.Hour >= 20 ? morning.AddDays(1) : morning;
    }
}
