namespace Hotline.Ingest.Contract;

/// <summary>The code sets an event may refer to; loaded from the reference files (see Reference/README.md).</summary>
public sealed record ReferenceCodes(HashSet<string> Areas, HashSet<string> Units, HashSet<string> Categories);
