namespace LlamaChat.Forge;

/// <summary>
/// A context-dependent successor: once <see cref="MarkerTokenId"/> has appeared anywhere earlier in the
/// context, <see cref="TokenId"/> is followed by <see cref="SuccessorTokenId"/> instead of its ordinary successor.
/// </summary>
/// <param name="MarkerTokenId">The token whose presence switches the successor (e.g. <c>&lt;tool_response&gt;</c>).</param>
/// <param name="TokenId">The ambiguous token.</param>
/// <param name="SuccessorTokenId">Its successor once the marker has appeared.</param>
public readonly record struct ContextRule(int MarkerTokenId, int TokenId, int SuccessorTokenId);
