namespace LlamaChat.ChatWrappers;

/// <summary>How much reasoning gpt-oss is asked to do (<c>Reasoning: low|medium|high</c> in its system message).</summary>
public enum HarmonyReasoningEffort
{
    /// <summary>Little reasoning.</summary>
    Low,
    /// <summary>The default.</summary>
    Medium,
    /// <summary>Thorough reasoning.</summary>
    High,
}
