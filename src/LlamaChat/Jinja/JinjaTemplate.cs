using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LlamaChat.Jinja.Nodes;
using LlamaChat.Jinja.Parsing;
using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja;

/// <summary>
/// A compiled Jinja template that renders as Python's Jinja2 3.1 does in Hugging Face's
/// <c>apply_chat_template</c> (sandboxed, immutable, <c>trim_blocks</c>, <c>lstrip_blocks</c>, loop controls,
/// <c>raise_exception</c>, <c>strftime_now</c>). Compile once with <see cref="Compile"/>, then call
/// <see cref="Render(IReadOnlyDictionary{string, object?}?)"/> as often as needed; a compiled template is
/// immutable and may be rendered from several threads at once.
/// </summary>
public sealed class JinjaTemplate
{
    private const int CacheCapacity = 64;
    private static readonly ConcurrentDictionary<(string Source, JinjaOptions Options), JinjaTemplate> Cache = new();

    private readonly Stmt[] _body;

    private JinjaTemplate(string source, JinjaOptions options, Stmt[] body)
    {
        Source = source;
        Options = options;
        _body = body;
    }

    /// <summary>The template source as given to <see cref="Compile"/>.</summary>
    public string Source { get; }

    /// <summary>The options the template was compiled with and renders with.</summary>
    public JinjaOptions Options { get; }

    /// <summary>
    /// Compiles a template, or returns the cached compilation of the same source and options.
    /// </summary>
    /// <param name="source">The Jinja template text.</param>
    /// <param name="options">Parsing options and render limits; null for <see cref="JinjaOptions.Default"/>.</param>
    /// <returns>The compiled template.</returns>
    /// <exception cref="TemplateException">The template has a syntax error or uses an unknown filter or test
    /// (<see cref="TemplateErrorKind.Syntax"/>, with the line and column), or an expression chain is too long to
    /// compile (<see cref="TemplateErrorKind.Limit"/>).</exception>
    public static JinjaTemplate Compile(string source, JinjaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= JinjaOptions.Default;
        var key = (source, options);
        if (Cache.TryGetValue(key, out var cached)) return cached;
        var template = CompileUncached(source, options);
        if (Cache.Count >= CacheCapacity) Cache.Clear();
        Cache[key] = template;
        return template;
    }

    private static JinjaTemplate CompileUncached(string source, JinjaOptions options)
    {
        try
        {
            var tokens = new Lexer(source, options).Tokenize();
            var body = new Parser(tokens, options).ParseTemplate();
            return new JinjaTemplate(source, options, body);
        }
        catch (InsufficientExecutionStackException e)
        {
            // Bracket nesting is capped by the parser; this is a flat chain (x.a.a.a…, x + x + …) too long to walk.
            throw new TemplateException(TemplateErrorKind.Limit, "the template is nested too deeply to compile", 0, 0, e);
        }
    }

    /// <summary>Renders the template with variables given as a JSON object (e.g. the <c>context</c> of a chat request).</summary>
    /// <param name="variables">The template variables; null renders with none.</param>
    /// <returns>The rendered text.</returns>
    /// <exception cref="TemplateException">Rendering failed: the template raised, used an undefined value, broke a
    /// sandbox rule, hit a type error or a limit. <see cref="TemplateException.Line"/> and
    /// <see cref="TemplateException.Column"/> locate the failing construct.</exception>
    public string Render(JsonObject? variables)
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (variables is not null)
        {
            foreach (var pair in variables) dict[pair.Key] = pair.Value;
        }
        return Render(dict);
    }

    /// <summary>
    /// Renders the template. Values may be strings, booleans, numbers, null, dictionaries with string keys,
    /// sequences, <see cref="JsonNode"/>s and <see cref="System.Text.Json.JsonElement"/>s, or plain objects
    /// (their public properties become keys).
    /// </summary>
    /// <param name="variables">The template variables; null renders with none.</param>
    /// <returns>The rendered text.</returns>
    /// <exception cref="TemplateException">Rendering failed: the template raised, used an undefined value, broke a
    /// sandbox rule, hit a type error or a limit. <see cref="TemplateException.Line"/> and
    /// <see cref="TemplateException.Column"/> locate the failing construct.</exception>
    public string Render(IReadOnlyDictionary<string, object?>? variables = null)
    {
        var vars = new Dictionary<string, object?>(variables?.Count ?? 0, StringComparer.Ordinal);
        if (variables is not null)
        {
            foreach (var pair in variables) vars[pair.Key] = ValueConverter.Convert(pair.Value, pair.Key);
        }
        var state = new RenderState(Options);
        var root = new Frame(vars);
        var frame = new Frame(root);
        using var limit = PyStr.LimitLength(Options.MaxOutputLength);
        try
        {
            Stmt.ExecuteBody(_body, state, frame);
        }
        catch (JinjaRuntimeException e)
        {
            throw new TemplateException(e.Kind, e.Message, 0, 0, e);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new TemplateException(TemplateErrorKind.Limit, "the template recursed too deeply for the thread's stack", 0, 0, e);
        }
        catch (Exception e) when (e is not TemplateException and not OutOfMemoryException)
        {
            throw new TemplateException(TemplateErrorKind.Type, $"internal template engine error ({e.GetType().Name}: {e.Message}); please report the template", 0, 0, e);
        }
        return state.Output.ToString();
    }
}
