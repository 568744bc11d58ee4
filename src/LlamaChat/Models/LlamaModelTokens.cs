namespace LlamaChat.Models;

/// <summary>A model's special tokens (each <c>null</c> when the model has none) and their texts.</summary>
public sealed record LlamaModelTokens
{
    public int? Bos { get; init; }
    public int? Eos { get; init; }
    public int? Eot { get; init; }
    public int? Sep { get; init; }
    public int? Nl { get; init; }
    public string? BosString { get; init; }
    public string? EosString { get; init; }
    public string? EotString { get; init; }
    public string? SepString { get; init; }
    public string? NlString { get; init; }

    /// <summary>Whether the model expects BOS at the start of every sequence.</summary>
    public bool ShouldPrependBos { get; init; }

    /// <summary>Whether the model expects EOS at the end of its input.</summary>
    public bool ShouldAppendEos { get; init; }

    /// <summary>Fill-in-the-middle tokens, for infill completion.</summary>
    public InfillTokens Infill { get; init; } = new(null, null, null);
}

/// <summary>The tokens that mark the prefix, middle and suffix of a fill-in-the-middle prompt.</summary>
public sealed record InfillTokens(int? Prefix, int? Middle, int? Suffix)
{
    /// <summary>Whether the model can do infill (it has all three tokens).</summary>
    public bool Supported => Prefix is not null && Middle is not null && Suffix is not null;
}
