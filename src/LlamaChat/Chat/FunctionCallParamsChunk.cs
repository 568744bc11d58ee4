namespace LlamaChat.Chat;

/// <summary>A piece of the JSON text of a function call's parameters, as the model writes it.</summary>
/// <param name="CallIndex">Which call of this turn (0 for the first).</param>
/// <param name="FunctionName">The function being called.</param>
/// <param name="ParamsChunk">The new text.</param>
/// <param name="Done">Whether the parameters are complete (the last chunk may be empty).</param>
public sealed record FunctionCallParamsChunk(int CallIndex, string FunctionName, string ParamsChunk, bool Done);
