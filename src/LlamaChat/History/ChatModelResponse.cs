using System.Collections.Immutable;

namespace LlamaChat.History;

/// <summary>
/// A model turn: text, function calls and segments in the order they were generated. An empty response is an
/// open turn the model is about to write.
/// </summary>
public sealed record ChatModelResponse : ChatHistoryItem
{
    /// <summary>Creates a model turn from its parts.</summary>
    public ChatModelResponse(IEnumerable<ChatModelResponseItem> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Response = response.ToImmutableArray();
        if (Response.Any(item => item is null))
            throw new ArgumentException("A model response cannot contain null items.", nameof(response));
    }

    /// <summary>Creates a model turn from its parts.</summary>
    public ChatModelResponse(params ChatModelResponseItem[] response) : this((IEnumerable<ChatModelResponseItem>)response) { }

    /// <summary>The parts of the turn.</summary>
    public ImmutableArray<ChatModelResponseItem> Response { get; init; }

    /// <summary>The main answer: all text parts joined, without segments and function calls.</summary>
    public string ResponseText => string.Concat(Response.OfType<ChatModelText>().Select(item => item.Text));

    /// <inheritdoc/>
    public bool Equals(ChatModelResponse? other) =>
        other is not null && Response.SequenceEqual(other.Response);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Response)
            hash.Add(item);

        return hash.ToHashCode();
    }
}
