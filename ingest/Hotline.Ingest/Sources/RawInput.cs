namespace Hotline.Ingest.Sources;

/// <summary>One undecoded input: the bytes as received and where they came from.</summary>
public readonly record struct RawInput(byte[] Bytes, SourcePosition Position);
