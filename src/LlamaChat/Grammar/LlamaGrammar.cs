using LlamaChat.Grammar.Gbnf;

namespace LlamaChat.Grammar;

/// <summary>
/// A validated GBNF grammar to constrain generation, with the stop triggers and whitespace trimming that go
/// with it. Create one with <see cref="FromGbnf"/>, <see cref="BuiltIn"/> or <see cref="JsonSchemaGrammar"/>;
/// the text has already passed <see cref="GbnfGrammar.Parse"/>, so llama.cpp will accept it (token references
/// still need checking against the model's vocabulary: see <see cref="GbnfGrammar.TokenReferences"/>).
/// </summary>
public class LlamaGrammar
{
    /// <summary>Creates a grammar from already-validated parts; use the static factories instead.</summary>
    protected LlamaGrammar(GbnfGrammar definition, IReadOnlyList<string> stopGenerationTriggers, bool trimWhitespaceSuffix)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(stopGenerationTriggers);
        Definition = definition;
        StopGenerationTriggers = stopGenerationTriggers;
        TrimWhitespaceSuffix = trimWhitespaceSuffix;
    }

    /// <summary>The names <see cref="BuiltIn"/> knows: json, json_arr, list, arithmetic, c, chess, english, japanese.</summary>
    public static IReadOnlyList<string> BuiltInNames => BuiltInGrammars.Names;

    /// <summary>The parsed grammar.</summary>
    public GbnfGrammar Definition { get; }

    /// <summary>The GBNF text passed to llama.cpp.</summary>
    public string Gbnf => Definition.Text;

    /// <summary>The start rule.</summary>
    public string RootRuleName => Definition.RootRuleName;

    /// <summary>
    /// Texts that end generation when the model writes them (they are not part of the response). Some grammars
    /// let a model go on forever; these triggers give it a way out.
    /// </summary>
    public IReadOnlyList<string> StopGenerationTriggers { get; }

    /// <summary>Whether trailing whitespace is removed from the generated text.</summary>
    public bool TrimWhitespaceSuffix { get; }

    /// <summary>
    /// Validates GBNF text and wraps it as a grammar.
    /// </summary>
    /// <param name="gbnf">The grammar text.</param>
    /// <param name="rootRuleName">The start rule (default <c>root</c>).</param>
    /// <param name="stopGenerationTriggers">Texts that end generation; none by default.</param>
    /// <param name="trimWhitespaceSuffix">Whether to trim trailing whitespace from the response.</param>
    /// <exception cref="GrammarException">The GBNF is invalid for llama.cpp; the exception has line and column.</exception>
    public static LlamaGrammar FromGbnf(string gbnf, string rootRuleName = "root",
        IEnumerable<string>? stopGenerationTriggers = null, bool trimWhitespaceSuffix = false)
    {
        ArgumentNullException.ThrowIfNull(gbnf);
        ArgumentNullException.ThrowIfNull(rootRuleName);
        var triggers = CheckTriggers(stopGenerationTriggers);
        return new LlamaGrammar(GbnfGrammar.Parse(gbnf, rootRuleName), triggers, trimWhitespaceSuffix);
    }

    /// <summary>
    /// A built-in grammar by name (<see cref="BuiltInNames"/>). As in node-llama-cpp, the JSON grammars stop on
    /// four line breaks and the others on ten, and trailing whitespace is trimmed.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a built-in grammar.</exception>
    public static LlamaGrammar BuiltIn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = BuiltInGrammars.Get(name)
            ?? throw new ArgumentException(
                $"There is no built-in grammar called '{name}'. Choose one of: {string.Join(", ", BuiltInNames)}.", nameof(name));
        var trigger = name is "json" or "json_arr" ? new string('\n', 4) : new string('\n', 10);
        return new LlamaGrammar(GbnfGrammar.Parse(text), new[] { trigger }, trimWhitespaceSuffix: true);
    }

    /// <summary>Whether <paramref name="text"/> is a complete sentence of this grammar (checked managed-side, as llama.cpp would).</summary>
    public bool Matches(string text) => new GbnfMatcher(Definition).Matches(text);

    /// <summary>Returns the GBNF text.</summary>
    public override string ToString() => Gbnf;

    private static string[] CheckTriggers(IEnumerable<string>? triggers)
    {
        if (triggers is null)
            return Array.Empty<string>();
        var list = triggers.ToArray();
        for (var i = 0; i < list.Length; i++)
        {
            if (string.IsNullOrEmpty(list[i]))
                throw new ArgumentException($"Stop generation trigger #{i} is null or empty; every trigger needs at least one character.", nameof(triggers));
        }
        return list;
    }
}
