namespace LlamaChat.ChatWrappers;

/// <summary>What the model enters when a <see cref="ChatWrapperPrefixTrigger"/> matches at the start of its turn.</summary>
public enum PrefixTriggerKind
{
    /// <summary>A function call: the name follows.</summary>
    FunctionCall,
    /// <summary>A segment (see <see cref="ChatWrapperPrefixTrigger.SegmentType"/>).</summary>
    Segment,
    /// <summary>The main answer.</summary>
    Response,
}
