namespace Hotline.Jobs.Scheduling;

/// <summary>
/// Where a job writes: one folder, created if missing, and file names that cannot leave it (no separators, no
/// "..", no rooted names), so no input can make a job write elsewhere.
/// </summary>
public sealed class OutputFolder
{
    public string Path { get; }
    private readonly List<string> _written = [];
    public IReadOnlyList<string> Written => _written;

    public OutputFolder(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("output folder is empty");
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.File.Exists(Path)) throw new ArgumentException($"output path is a file, not a folder: {Path}");
        Directory.CreateDirectory(Path);
    }

    public string File(string name)
    {
        if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name.Contains("..")
            || System.IO.Path.IsPathRooted(name))
            throw new ArgumentException($"not a plain file name: '{name}'");
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, name));
        if (!full.StartsWith(Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"file would leave the output folder: '{name}'");
        if (!_written.Contains(full)) _written.Add(full);
        return full;
    }

    public void Write(string name, string text) =>
        System.IO.File.WriteAllText(File(name), text, new UTF8Encoding(false));
    public void Write(string name, byte[] bytes) => System.IO.File.WriteAllBytes(File(name), bytes);
}
