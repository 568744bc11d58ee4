namespace LlamaChat.Text;

/// <summary>
/// A sequence that, when the model generates it, means something to the generation loop (stop, a function call
/// starts, a thought begins, ...). Each part is either text (matched character by character, across token
/// boundaries) or a token id (matched by the generated token itself, whatever its text).
/// </summary>
public sealed class StopTrigger
{
    /// <summary>Creates a trigger from parts: <see cref="string"/>s and <see cref="int"/> token ids.</summary>
    public StopTrigger(IReadOnlyList<object> parts, object? tag = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var part in parts)
            if (part is not (string or int))
                throw new ArgumentException($"A trigger part must be a string or a token id; got {part?.GetType().Name ?? "null"}.", nameof(parts));
        if (!parts.Any(p => p is int || ((string)p).Length > 0))
            throw new ArgumentException("A trigger cannot be empty.", nameof(parts));
        Parts = parts;
        Tag = tag;
    }

    /// <summary>A text-only trigger.</summary>
    public static StopTrigger FromText(string text, object? tag = null) => new([text], tag);

    /// <summary>A single-token trigger.</summary>
    public static StopTrigger FromToken(int token, object? tag = null) => new([token], tag);

    /// <summary>The parts: strings and token ids.</summary>
    public IReadOnlyList<object> Parts { get; }

    /// <summary>What the trigger means to whoever added it.</summary>
    public object? Tag { get; }

    /// <inheritdoc />
    public override string ToString() => string.Concat(Parts.Select(p => p is int t ? $"<token {t}>" : (string)p));
}

/// <summary>A trigger that was generated: where it starts and ends in the generated text.</summary>
/// <param name="Trigger">The trigger.</param>
/// <param name="Start">Index in the generated text where the trigger starts.</param>
/// <param name="End">Index just after the trigger.</param>
/// <param name="StartToken">Index of the generated token the trigger starts in.</param>
public sealed record StopTriggerMatch(StopTrigger Trigger, int Start, int End, int StartToken);
