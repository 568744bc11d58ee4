using LlamaChat.Gguf;

namespace LlamaChat.Models;

/// <summary>
/// Checks the model's parameters that llama.cpp asserts on while loading or evaluating (a failed assert ends the
/// whole process): the layer count, the expert settings of mixture-of-experts models, the RoPE scaling type and the
/// normalization epsilons.
/// </summary>
internal static class HyperparameterCheck
{
    private const long MaxLayers = 512;   // LLAMA_MAX_LAYERS
    private const long MaxExperts = 512;  // LLAMA_MAX_EXPERTS
    private static readonly string[] RopeScalingTypes = ["none", "linear", "yarn", "longrope"];

    private static bool IsInteger(object value) => value is int or long or short or byte or uint;
    private static bool IsFloat(object value) => value is float or double or decimal;

    /// <summary>
    /// Refuses an override whose type differs from the value stored in the file: llama.cpp would ignore it with only
    /// a log warning, so the caller would silently get the file's value.
    /// </summary>
    public static void ValidateOverrideTypes(string path, GgufFileInfo info, IReadOnlyDictionary<string, object>? overrides)
    {
        if (overrides is null) return;
        foreach (var (key, value) in overrides)
        {
            if (key is null || !info.Metadata.TryGetValue(key, out var stored)) continue; // not in the file: nothing to compare
            var (given, fits) = value switch
            {
                bool => ("a bool", stored.Type == GgufValueType.Bool),
                _ when IsInteger(value) => ("an integer", stored.Type is GgufValueType.UInt8 or GgufValueType.Int8
                    or GgufValueType.UInt16 or GgufValueType.Int16 or GgufValueType.UInt32 or GgufValueType.Int32
                    or GgufValueType.UInt64 or GgufValueType.Int64),
                _ when IsFloat(value) => ("a floating-point number", stored.Type is GgufValueType.Float32 or GgufValueType.Float64),
                string => ("a string", stored.Type == GgufValueType.String),
                _ => ("", true), // an unsupported type is refused when the override is built
            };
            if (!fits)
                throw new ModelLoadException(path,
                    $"The metadata override '{key}' is {given}, but '{Path.GetFileName(path)}' stores {stored.Type} there; llama.cpp would ignore it.");
        }
    }

    public static void Validate(string path, GgufFileInfo info, IReadOnlyDictionary<string, object>? overrides)
    {
        if (info.Architecture is not { } arch) return; // llama.cpp refuses a model without one, cleanly
        // llama.cpp applies an override only when its type matches the key's (it ignores others with a warning),
        // so an override of another type must not hide a bad value in the file.
        object? Override(string suffix) => overrides?.GetValueOrDefault($"{arch}.{suffix}");
        long? Get(string suffix) => Override(suffix) is { } value && IsInteger(value)
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : info.Metadata.TryGetInt64($"{arch}.{suffix}", out var stored) ? stored : null;
        double? GetFloat(string suffix) => Override(suffix) is { } value && IsFloat(value)
            ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)
            : info.Metadata.TryGetDouble($"{arch}.{suffix}", out var stored) ? stored : null;
        string? GetString(string suffix) => Override(suffix) as string
            ?? (info.Metadata.TryGetString($"{arch}.{suffix}", out var stored) ? stored : null);
        void Fail(string reason) => throw new ModelLoadException(path, $"'{path}' cannot be loaded: {reason}");

        if (Get("block_count") is { } layers && layers is < 1 or > MaxLayers)
            Fail($"{arch}.block_count is {layers}; a model needs 1 to {MaxLayers} layers.");
        var experts = Get("expert_count") ?? 0;
        var used = Get("expert_used_count") ?? 0;
        if (experts is < 0 or > MaxExperts) Fail($"{arch}.expert_count is {experts}; it must be 0 to {MaxExperts}.");
        if (experts == 0 && used != 0) Fail($"{arch}.expert_used_count is {used} for a model without experts.");
        if (experts > 0 && used is < 1) Fail($"{arch}.expert_used_count is {used}; a mixture-of-experts model uses at least one.");
        if (used > experts) Fail($"{arch}.expert_used_count ({used}) is more than {arch}.expert_count ({experts}).");
        var groups = Get("expert_group_count") ?? 0;
        var groupsUsed = Get("expert_group_used_count") ?? 0;
        if (experts == 0 && groups != 0) Fail($"{arch}.expert_group_count is {groups} for a model without experts.");
        if (experts > 0 && groups >= experts) Fail($"{arch}.expert_group_count ({groups}) must be less than the expert count ({experts}).");
        if (groups > 1 && (experts % groups != 0 || groupsUsed < 1 || groupsUsed >= groups))
            Fail($"{arch}.expert_group_count ({groups}) and expert_group_used_count ({groupsUsed}) do not fit {experts} experts.");

        // Head counts may be given per layer (an array). llama.cpp checks the attention tensors against the first
        // layer's count only; a layer whose weights do not fit its own count fails an assert at the first evaluation.
        var tensors = info.TensorInfos.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var keyLength = Get("attention.key_length")
            ?? (Get("embedding_length") is { } embedding && Get("attention.head_count") is > 0 and var heads ? embedding / heads : null);
        foreach (var (suffix, weight) in new[] { ("attention.head_count", "attn_q"), ("attention.head_count_kv", "attn_k") })
        {
            if (info.Metadata.Find($"{arch}.{suffix}") is not { IsArray: true } array) continue;
            IReadOnlyList<long> counts;
            try { counts = array.AsInt64Array(); }
            catch (InvalidOperationException) { continue; } // not integers: llama.cpp refuses the key cleanly
            for (var layer = 0; layer < counts.Count; layer++)
            {
                if (!tensors.TryGetValue($"blk.{layer}.{weight}.weight", out var tensor)) continue;
                if (counts[layer] < 1)
                    Fail($"{arch}.{suffix} gives layer {layer} {counts[layer]} heads, but the layer has attention weights.");
                if (weight == "attn_k" && keyLength is { } width && tensor.Dimensions.Count == 2 && tensor.Dimensions[1] != counts[layer] * width)
                    Fail($"{arch}.{suffix} gives layer {layer} {counts[layer]} heads of {width}, but its key weights are {tensor.Dimensions[1]} wide.");
            }
        }

        // Norm weights and biases go into element-wise multiply and add with F32 activations, which ggml's CPU backend
        // supports for F32 only: another type aborts at the first evaluation. (Converters always store them as F32.)
        foreach (var tensor in info.TensorInfos)
            if (tensor.Dimensions.Count == 1 && tensor.Type != GgmlType.F32
                && (tensor.Name.Contains("norm", StringComparison.Ordinal) || tensor.Name.EndsWith(".bias", StringComparison.Ordinal)))
                Fail($"tensor '{tensor.Name}' is stored as {tensor.Type}; llama.cpp can only use norm weights and biases stored as F32.");

        // An unknown name fails an assert while loading.
        if (GetString("rope.scaling.type") is { } scaling && !RopeScalingTypes.Contains(scaling))
            Fail($"{arch}.rope.scaling.type is '{scaling}'; llama.cpp knows {string.Join(", ", RopeScalingTypes)}.");
        // ggml's normalization asserts eps >= 0 at the first evaluation (NaN fails it too).
        foreach (var suffix in (string[])["attention.layer_norm_rms_epsilon", "attention.layer_norm_epsilon"])
            if (GetFloat(suffix) is { } eps && !(eps >= 0))
                Fail($"{arch}.{suffix} is {eps}; it must be zero or positive.");
    }
}
