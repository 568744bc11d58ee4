namespace LlamaChat.Jinja.Values;

/// <summary>A Python slice object, the key of <c>x[a:b:c]</c>. Null bounds are omitted bounds.</summary>
internal sealed record PySlice(object? Start, object? Stop, object? Step)
{
    public override string ToString() =>
        $"slice({Runtime.PyStr.Repr(Start)}, {Runtime.PyStr.Repr(Stop)}, {Runtime.PyStr.Repr(Step)})";
}
