namespace LlamaChat.ChatWrappers;

/// <summary>Where a specialized wrapper's rendering first differs from a Jinja template's, and how.</summary>
internal sealed record JinjaDifference(int Position, string Description);
