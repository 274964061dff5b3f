namespace Hotline.Ingest.Vocabulary;

/// <summary>Units the code must recognise by id: the hotline centre itself and the emergency services.</summary>
public static class SpecialUnits
{
    /// <summary>The hotline centre (热线中心): keeps consultations, legal-channel and outside-city matters.</summary>
    public const string Centre = "C-SZX";
    public const string Police = "E-110";
    public const string Fire = "E-119";
    public const string Ambulance = "E-120";
    public const string Traffic = "E-122";

    /// <summary>Emergency services' ids start with this (E-110, E-119, E-120, E-122).</summary>
    public const string EmergencyPrefix = "E-";

    public static bool IsEmergencyService(string? unitId) =>
        unitId?.StartsWith(EmergencyPrefix, StringComparison.Ordinal) == true;
}
