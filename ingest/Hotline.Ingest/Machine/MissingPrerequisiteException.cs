namespace Hotline.Ingest.Machine;

/// <summary>
/// Something the machine lacks (a font, a browser) that one command installs. The message names that command, so a
/// newcomer's first run never ends in a stack trace or a guess: the CLI prints it as a one-line error.
/// </summary>
public sealed class MissingPrerequisiteException(string what, string fix) : Exception($"{what}: run `{fix}`")
{
    /// <summary>
    /// The repository's setup command: installs every system package the demo, the reports and the tests need.
    /// </summary>
    public const string Setup = "./hotline setup";

    public string Fix { get; } = fix;
}
