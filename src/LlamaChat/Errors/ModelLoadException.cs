namespace LlamaChat;

/// <summary>A model file could not be loaded: missing, not a file, not a valid model, or refused by llama.cpp.</summary>
public class ModelLoadException : LlamaChatException
{
    public ModelLoadException(string modelPath, string message, Exception? innerException = null)
        : base(message, innerException) => ModelPath = modelPath;

    /// <summary>The path that was being loaded.</summary>
    public string ModelPath { get; }
}
