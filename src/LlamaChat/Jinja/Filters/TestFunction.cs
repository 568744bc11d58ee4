using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Filters;

/// <summary>A test: <c>value is name(args)</c>.</summary>
internal delegate bool TestFunction(RenderState state, object? value, CallArgs args);
