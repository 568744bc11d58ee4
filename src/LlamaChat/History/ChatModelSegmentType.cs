namespace LlamaChat.History;

/// <summary>The kind of a <see cref="ChatModelSegment"/>.</summary>
public enum ChatModelSegmentType
{
    /// <summary>Chain of thought (<c>"thought"</c> in JSON).</summary>
    Thought,
    /// <summary>A comment outside the main answer, such as gpt-oss's commentary channel (<c>"comment"</c> in JSON).</summary>
    Comment,
}
