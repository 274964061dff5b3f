namespace Hotline.Jobs.Scorecard;

/// <summary>
/// The groups units are compared within (县区政府、市直部门、县区部门、乡镇街道、公共服务企业): a township office and a
/// water company do not do comparable work. Emergency services (110/119/120/122 take transfers; the hotline's
/// deadlines do not apply to them) and the centre itself are never ranked, in the scorecard or in public.
/// </summary>
public static class UnitGroups
{
    public static readonly string[] Order = ["县区政府", "市直部门", "县区部门", "乡镇街道", "公共服务企业"];

    /// <summary>The unit's group; null for units that are not scored (emergency services, the centre).</summary>
    public static string? Of(string unitId, string kind) =>
        unitId == SpecialUnits.Centre || SpecialUnits.IsEmergencyService(unitId) ? null : kind switch
        {
            "county_government" => "县区政府",
            "city_department" => "市直部门",
            "county_department" => "县区部门",
            "township_office" => "乡镇街道",
            "utility" => "公共服务企业",
            _ => null,
        };
}
