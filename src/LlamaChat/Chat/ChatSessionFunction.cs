using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlamaChat.Grammar;

namespace LlamaChat.Chat;

/// <summary>
/// A function the model may call during a prompt: what it does, the JSON Schema of its parameters, and the handler
/// the session runs when the model calls it. The model's parameters are written under a grammar made from the
/// schema, so they always satisfy it. Define one from a JSON schema, from a parameters type, or from any delegate.
/// </summary>
public sealed class ChatSessionFunction
{
    private readonly Func<JsonNode?, CancellationToken, Task<object?>> _handler;

    private ChatSessionFunction(string? description, JsonNode? parameters, Func<JsonNode?, CancellationToken, Task<object?>> handler)
    {
        Description = description;
        Params = parameters;
        _handler = handler;
        // Refuse a schema the grammar cannot express now, not when the model first calls the function.
        if (parameters is not null) JsonSchemaGrammar.FromSchema(parameters);
    }

    /// <summary>What the function does, shown to the model.</summary>
    public string? Description { get; }

    /// <summary>The JSON Schema of the parameters (an object schema), or null when the function takes none.</summary>
    public JsonNode? Params { get; }

    /// <summary>A function with a JSON-schema parameter list and a handler that gets the parameters as JSON.</summary>
    public static ChatSessionFunction Define(string? description, JsonNode? parameters, Func<JsonNode?, object?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new(description, parameters, (p, _) => Task.FromResult(handler(p)));
    }

    /// <summary>A function with a JSON-schema parameter list and an asynchronous handler.</summary>
    public static ChatSessionFunction Define(string? description, JsonNode? parameters, Func<JsonNode?, Task<object?>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new(description, parameters, (p, _) => handler(p));
    }

    /// <summary>A function whose parameters are a <typeparamref name="TParams"/> (the schema comes from the type).</summary>
    public static ChatSessionFunction Define<TParams>(string? description, Func<TParams, object?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Define<TParams>(description, p => Task.FromResult(handler(p)));
    }

    /// <summary>A function whose parameters are a <typeparamref name="TParams"/>, with an asynchronous handler.</summary>
    public static ChatSessionFunction Define<TParams>(string? description, Func<TParams, Task<object?>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var grammar = JsonSchemaGrammar.ForType<TParams>();
        return new(description, grammar.Schema, (p, _) => handler(p.Deserialize<TParams>(grammar.SerializerOptions)!));
    }

    /// <summary>
    /// A function from a delegate: each parameter of the method becomes a property of the parameters object (by
    /// name, with a schema from its type; parameters with default values are optional). The delegate may return a
    /// value, a <see cref="Task"/> or a <see cref="Task{TResult}"/>.
    /// </summary>
    public static ChatSessionFunction FromDelegate(string? description, Delegate method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var parameters = method.Method.GetParameters();
        var options = JsonSchemaGrammar<object>.DefaultSerializerOptions;
        JsonNode? schema = null;
        if (parameters.Length > 0)
        {
            var properties = new JsonObject();
            var required = new JsonArray();
            foreach (var parameter in parameters)
            {
                properties[parameter.Name!] = JsonSchemaGrammar.SchemaForType(parameter.ParameterType, options);
                if (!parameter.HasDefaultValue) required.Add(parameter.Name);
            }
            schema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
        }
        return new(description, schema, async (p, _) =>
        {
            var arguments = parameters.Select(parameter =>
                p?[parameter.Name!] is { } value ? value.Deserialize(parameter.ParameterType, options)
                : parameter.HasDefaultValue ? parameter.DefaultValue : null).ToArray();
            object? returned;
            try { returned = method.DynamicInvoke(arguments); }
            catch (TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
            if (returned is Task task)
            {
                await task.ConfigureAwait(false);
                var resultProperty = task.GetType().GetProperty("Result");
                return resultProperty is not null && task.GetType().IsGenericType ? resultProperty.GetValue(task) : null;
            }
            return returned;
        });
    }

    /// <summary>Runs the handler and turns what it returned into JSON for the model.</summary>
    internal async Task<JsonNode?> InvokeAsync(JsonNode? parameters, CancellationToken cancellationToken)
    {
        var result = await _handler(parameters, cancellationToken).ConfigureAwait(false);
        return result switch
        {
            null => null,
            JsonNode node => node.DeepClone(),
            _ => JsonSerializer.SerializeToNode(result, result.GetType(), JsonSchemaGrammar<object>.DefaultSerializerOptions),
        };
    }
}
