using System.Text.Json.Serialization;

namespace Hotline.Ingest.Vocabulary;

/// <summary>
/// What happens to a ticket before or instead of dispatch (DOMAIN.md §Disposition): dispatched to a unit, transferred
/// to an emergency service, kept by the centre for one of the reasons the regulations name, or left to a dispatcher.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnum<Disposition>))]
public enum Disposition
{
    Dispatch,
    [JsonStringEnumMemberName("transfer_110")] Transfer110,
    [JsonStringEnumMemberName("transfer_119")] Transfer119,
    [JsonStringEnumMemberName("transfer_120")] Transfer120,
    [JsonStringEnumMemberName("transfer_122")] Transfer122,
    /// <summary>A consultation the knowledge base answers: reply directly.</summary>
    KbAnswer,
    /// <summary>Already in (or belongs to) court, arbitration, review or petition: explain that channel.</summary>
    LegalChannel,
    /// <summary>Outside the city's jurisdiction: tell the caller where to go.</summary>
    OutsideCity,
    /// <summary>The centre handles it itself for another reason (in history: repeats, abusive calls).</summary>
    Centre,
    /// <summary>The assistant cannot place it: a dispatcher decides (请人工确认).</summary>
    Abstain,
    /// <summary>A repeat of an earlier ticket of the same caller about the same matter.</summary>
    Repeat,
    /// <summary>
    /// No real matter, or unlawful or against public order: dissuade (the simulator's abusive callers).
    /// </summary>
    Abusive,
}

public static class DispositionExtensions
{
    /// <summary>Kept by the centre without dispatch, for a reason the regulations name.</summary>
    public static bool IsCentreKept(this Disposition d) =>
        d is Disposition.KbAnswer or Disposition.LegalChannel or Disposition.OutsideCity;

    public static bool IsTransfer(this Disposition d) =>
        d is Disposition.Transfer110 or Disposition.Transfer119 or Disposition.Transfer120 or Disposition.Transfer122;

    /// <summary>The transfer to an emergency service unit (E-110 …), or null for a unit id that is not one.</summary>
    public static Disposition? TransferTo(string unitId) => unitId switch
    {
        SpecialUnits.Police => Disposition.Transfer110,
        SpecialUnits.Fire => Disposition.Transfer119,
        SpecialUnits.Ambulance => Disposition.Transfer120,
        SpecialUnits.Traffic => Disposition.Transfer122,
        _ => null,
    };
}
