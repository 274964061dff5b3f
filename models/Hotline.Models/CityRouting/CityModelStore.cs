namespace Hotline.Models.CityRouting;

/// <summary>
/// Where an imported city's router lives: models/city-routing/v&lt;time&gt;/ next to the warehouse, the newest
/// named in models/city-routing/current. (The built-in city's models go through <see cref="ModelRegistry"/> and
/// its promotion rule; an imported city has one model family and keeps the newest.)
/// </summary>
public static class CityModelStore
{
    public static string Root(WarehouseDb db) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(db.Path))!, "models", "city-routing");

    public static string Save(WarehouseDb db, CityRouter router, DateTime now)
    {
        var version = $"v{now:yyyyMMdd-HHmmss}";
        var dir = Path.Combine(Root(db), version);
        router.Save(dir);
        // Written last, by rename: a crash leaves the previous model current, never a half-written one.
        var pointer = Path.Combine(Root(db), "current");
        File.WriteAllText(pointer + ".tmp", version);
        File.Move(pointer + ".tmp", pointer, overwrite: true);
        return version;
    }

    /// <summary>The version the current pointer names (v20261202-120000), or null before any training.</summary>
    public static string? CurrentVersion(WarehouseDb db)
    {
        var pointer = Path.Combine(Root(db), "current");
        return File.Exists(pointer) ? File.ReadAllText(pointer).Trim() : null;
    }

    public static CityRouter? Load(WarehouseDb db)
    {
        var pointer = Path.Combine(Root(db), "current");
        if (!File.Exists(pointer)) return null;
        return CityRouter.Load(Path.Combine(Root(db), File.ReadAllText(pointer).Trim()), db.Reference);
    }
}
