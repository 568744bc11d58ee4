using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Filters;

/// <summary>A filter: <c>value | name(args)</c>.</summary>
internal delegate object? FilterFunction(RenderState state, object? value, CallArgs args);
