namespace LlamaChat.Jinja.Runtime;

/// <summary>Evaluated call arguments: positional values and keyword values in call order.</summary>
internal readonly struct CallArgs
{
    private static readonly object?[] NoPositional = [];

    public CallArgs(object?[]? positional, KeyValuePair<string, object?>[]? named = null)
    {
        Positional = positional ?? NoPositional;
        Named = named;
    }

    public static CallArgs Empty => new(null);

    public object?[] Positional { get; }

    public KeyValuePair<string, object?>[]? Named { get; }

    public int Count => Positional.Length;

    public bool HasNamed => Named is { Length: > 0 };

    /// <summary>Fails unless the call has no arguments at all.</summary>
    public void ExpectNone(string function)
    {
        if (Count > 0 || HasNamed) throw JinjaRuntimeException.Type($"{function}() takes no arguments");
    }

    /// <summary>Binds the arguments to named parameters as Python would; unset parameters are <see cref="Missing"/>.</summary>
    public object?[] Bind(string function, ReadOnlySpan<string> parameters, int required = 0, bool allowExtraPositional = false)
    {
        if (Positional.Length == 0 && Named is null && required == 0 && parameters.Length < AllMissing.Length)
        {
            // Shared read-only result for the common no-argument call (e.g. "x | trim").
            return AllMissing[parameters.Length];
        }
        var bound = new object?[parameters.Length];
        Array.Fill(bound, Missing);
        if (Positional.Length > parameters.Length && !allowExtraPositional)
        {
            throw JinjaRuntimeException.Type($"{function}() takes at most {parameters.Length} argument(s) ({Positional.Length} given)");
        }
        int n = Math.Min(Positional.Length, parameters.Length);
        for (int i = 0; i < n; i++) bound[i] = Positional[i];
        if (Named is not null)
        {
            foreach (var pair in Named)
            {
                int index = parameters.IndexOf(pair.Key);
                if (index < 0) throw JinjaRuntimeException.Type($"{function}() got an unexpected keyword argument '{pair.Key}'");
                if (!ReferenceEquals(bound[index], Missing)) throw JinjaRuntimeException.Type($"{function}() got multiple values for argument '{pair.Key}'");
                bound[index] = pair.Value;
            }
        }
        for (int i = 0; i < required; i++)
        {
            if (ReferenceEquals(bound[i], Missing)) throw JinjaRuntimeException.Type($"{function}() missing required argument '{parameters[i]}'");
        }
        return bound;
    }

    /// <summary>Marks a parameter the call did not set.</summary>
    public static readonly object Missing = new();

    private static readonly object?[][] AllMissing = Enumerable.Range(0, 8).Select(n => Enumerable.Repeat(Missing, n).ToArray()).ToArray();

    public static bool IsMissing(object? value) => ReferenceEquals(value, Missing);

    public static object? Or(object? value, object? fallback) => ReferenceEquals(value, Missing) ? fallback : value;
}
