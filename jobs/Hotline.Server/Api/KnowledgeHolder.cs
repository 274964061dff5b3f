using Hotline.Models.Knowledge;

namespace Hotline.Server.Api;

/// <summary>The knowledge base the server answers consultations from (loaded at start).</summary>
public sealed class KnowledgeHolder
{
    public KnowledgeBase? Current { get; set; }
}
