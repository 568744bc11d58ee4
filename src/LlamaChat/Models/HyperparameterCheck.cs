using LlamaChat.Gguf;

namespace LlamaChat.Models;

/// <summary>
/// Checks the model's size parameters that llama.cpp asserts on while loading (a failed assert ends the whole
/// process): the layer count and the expert settings of mixture-of-experts models.
/// </summary>
internal static class HyperparameterCheck
{
    private const long MaxLayers = 512;   // LLAMA_MAX_LAYERS
    private const long MaxExperts = 512;  // LLAMA_MAX_EXPERTS

    public static void Validate(string path, GgufFileInfo info, IReadOnlyDictionary<string, object>? overrides)
    {
        if (info.Architecture is not { } arch) return; // llama.cpp refuses a model without one, cleanly
        long? Get(string suffix)
        {
            var key = $"{arch}.{suffix}";
            if (overrides is not null && overrides.TryGetValue(key, out var value) && value is IConvertible)
                return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            return info.Metadata.TryGetInt64(key, out var stored) ? stored : null;
        }
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
    }
}
