using System.Reflection;

namespace Hotline.Ingest.Reference;

/// <summary>
/// The text of a file embedded in an assembly (reference tables, the catalogue, the playbook, phrases).
/// </summary>
public static class EmbeddedText
{
    public static string Read(Assembly assembly, string name)
    {
        using var s = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"missing embedded file {name}");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
