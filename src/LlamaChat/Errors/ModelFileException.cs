namespace LlamaChat;

/// <summary>
/// Thrown when a model file cannot be opened: it does not exist, the path names a directory, a part of
/// a split model is missing, or the operating system refused access.
/// </summary>
/// <remarks>
/// LlamaChat uses this instead of <see cref="FileNotFoundException"/> so that every failure it reports
/// derives from <see cref="LlamaChatException"/>; the original I/O exception, when there is one, is the
/// <see cref="Exception.InnerException"/>.
/// </remarks>
public class ModelFileException : LlamaChatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The path that could not be opened.</param>
    /// <param name="message">The full message: what was wrong and what to do.</param>
    /// <param name="innerException">The I/O exception that caused it, if any.</param>
    public ModelFileException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The path that could not be opened.</summary>
    public string FilePath { get; }
}
