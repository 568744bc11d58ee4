using LlamaChat.Gguf;

namespace LlamaChat.Forge;

/// <summary>Produces the tensors and shape metadata of one kind of forged weights.</summary>
internal interface IForgedWeights
{
    /// <summary>The model shape the tensors have.</summary>
    ForgedModelShape Shape { get; }

    /// <summary>The <c>general.file_type</c> value (llama.cpp's <c>llama_ftype</c>).</summary>
    uint FileType { get; }

    /// <summary>The RoPE base to use unless the caller sets one.</summary>
    float DefaultRopeFreqBase { get; }

    /// <summary>A canonical description of everything that decides the tensor values, for content hashes.</summary>
    string Describe();

    /// <summary>Adds every tensor to <paramref name="writer"/>.</summary>
    void AddTensors(GgufWriter writer, int vocabularySize);
}
