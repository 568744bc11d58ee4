using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlamaChat.Text;

/// <summary>JSON writing options shared by the text and history code.</summary>
internal static class JsonText
{
    /// <summary>
    /// Escapes only what JSON requires, like JavaScript's JSON.stringify, so saved histories and debug output keep
    /// <c>&lt;</c>, <c>&gt;</c> and non-ASCII text readable.
    /// </summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><see cref="Compact"/> with indentation.</summary>
    public static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    /// <summary>A JSON string literal for <paramref name="text"/>.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text, Compact);
}
