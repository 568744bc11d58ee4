namespace LlamaChat.Gguf;

/// <summary>Options of <see cref="GgufFileInfo.ReadAsync(string, GgufReadOptions?, CancellationToken)"/>.</summary>
public sealed record GgufReadOptions
{
    /// <summary>The default options.</summary>
    public static GgufReadOptions Default { get; } = new();

    /// <summary>Whether to keep the tensor descriptions (default <c>true</c>). They are parsed either way to find the data offset.</summary>
    public bool ReadTensorInfo { get; init; } = true;

    /// <summary>
    /// When the path names a part of a split model (<c>-00001-of-00003.gguf</c>), read every part and merge them:
    /// the metadata of the first part plus the tensors of all parts (default <c>true</c>).
    /// </summary>
    public bool SpliceSplitFiles { get; init; } = true;

    /// <summary>
    /// Metadata keys whose values are skipped instead of decoded, to save time and memory
    /// (e.g. <c>tokenizer.ggml.tokens</c>, <c>tokenizer.ggml.merges</c>). They are absent from the result.
    /// </summary>
    public IReadOnlyCollection<string> IgnoreKeys { get; init; } = [];

    /// <summary>
    /// Whether to check that the data of every tensor lies inside the file (default <c>true</c>), which
    /// catches truncated downloads without reading the data.
    /// </summary>
    public bool ValidateTensorData { get; init; } = true;
}
