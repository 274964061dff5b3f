namespace Hotline.Models.Hotspots;

/// <summary>A message or ticket to cluster: its words, when, and how much public support it has.</summary>
public sealed record HotspotInput(string Id, string Title, string Body, DateTime? Time, int Likes, int Against);

/// <summary>One hot issue: many people raising the same problem about the same place.</summary>
public sealed record HotIssue(int Rank, double Heat, string? Place, DateTime? From, DateTime? To, int Messages,
    int Likes, int Against,
    IReadOnlyList<string> TopTerms, IReadOnlyList<string> Titles, IReadOnlyList<string> Ids, double Coherence);
