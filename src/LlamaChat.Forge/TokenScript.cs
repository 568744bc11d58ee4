using System.Text;

namespace LlamaChat.Forge;

/// <summary>
/// What a scripted forged model generates under greedy decoding: each token id has at most one successor
/// (a bigram map), a token without one is followed by <see cref="EndTokenId"/>, and
/// <see cref="ContextRule"/>s switch a token's successor once a marker token has appeared in the context.
/// </summary>
/// <remarks>
/// Because the next token depends only on the last token (and on which markers appeared), a token should
/// appear at most once in a scripted reply; <see cref="AddSuccessor"/> refuses to give a token two different successors.
/// </remarks>
/// <example>
/// <code>
/// var script = new TokenScript { EndTokenId = vocab.EosTokenId!.Value };
/// script.AddChain(newline, hello, exclamation, imEnd);
/// </code>
/// </example>
public sealed class TokenScript
{
    private readonly Dictionary<int, int> _successors = [];
    private readonly List<ContextRule> _rules = [];

    /// <summary>
    /// The token that follows every token without a successor, and every token not in the script — normally
    /// the end-of-sequence token, so generations stop. Required before forging.
    /// </summary>
    public int? EndTokenId { get; set; }

    /// <summary>The successor map, in the order successors were added.</summary>
    public IReadOnlyDictionary<int, int> Successors => _successors;

    /// <summary>The context rules in the order added.</summary>
    public IReadOnlyList<ContextRule> ContextRules => _rules;

    /// <summary>Makes <paramref name="to"/> the successor of <paramref name="from"/>.</summary>
    /// <exception cref="ArgumentException">An id is negative, or <paramref name="from"/> already has another successor.</exception>
    public TokenScript AddSuccessor(int from, int to)
    {
        CheckId(from, nameof(from));
        CheckId(to, nameof(to));
        if (_successors.TryGetValue(from, out int existing) && existing != to)
        {
            throw new ArgumentException(
                $"Token {from} already has successor {existing}; a scripted model gives each token one successor. Use a different token, or a ContextRule for context-dependent successors.",
                nameof(from));
        }
        _successors[from] = to;
        return this;
    }

    /// <summary>Makes each token the successor of the one before it: <c>a → b → c</c>.</summary>
    /// <exception cref="ArgumentException">A token would get two different successors.</exception>
    public TokenScript AddChain(params IEnumerable<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var list = tokens.ToList();
        for (int i = 0; i + 1 < list.Count; i++) AddSuccessor(list[i], list[i + 1]);
        return this;
    }

    /// <summary>
    /// After <paramref name="marker"/> has appeared anywhere in the context, <paramref name="token"/> is followed by
    /// <paramref name="successor"/> instead of its ordinary successor.
    /// </summary>
    /// <exception cref="ArgumentException">An id is negative, or <paramref name="token"/> already has a rule.</exception>
    public TokenScript AddContextRule(int marker, int token, int successor)
    {
        CheckId(marker, nameof(marker));
        CheckId(token, nameof(token));
        CheckId(successor, nameof(successor));
        if (_rules.Any(r => r.TokenId == token))
            throw new ArgumentException($"Token {token} already has a context rule; a token can have one.", nameof(token));
        _rules.Add(new ContextRule(marker, token, successor));
        return this;
    }

    /// <summary>
    /// Checks the limits of what scripted weights can express (the output layer is linear, so a marker's state
    /// adds the same weight to every rule successor it is attached to):
    /// an <see cref="EndTokenId"/> is set; two rules with different markers never share a successor; and the
    /// ordinary successor of a rule's token is not itself the successor of any rule.
    /// </summary>
    /// <exception cref="InvalidOperationException">The script breaks one of these limits; the message names the tokens.</exception>
    public void Validate()
    {
        if (EndTokenId is null)
            throw new InvalidOperationException("The script has no EndTokenId: set it (usually to the EOS token id) so tokens without a successor end the generation.");
        foreach (var a in _rules)
        {
            foreach (var b in _rules)
            {
                if (a.SuccessorTokenId == b.SuccessorTokenId && a.MarkerTokenId != b.MarkerTokenId)
                {
                    throw new InvalidOperationException(
                        $"Context rules for tokens {a.TokenId} and {b.TokenId} both lead to token {a.SuccessorTokenId} but after different markers ({a.MarkerTokenId} and {b.MarkerTokenId}); scripted weights cannot tell them apart. Use different successor tokens.");
                }
            }
            int ordinary = GetSuccessor(a.TokenId)!.Value;
            int clash = _rules.FindIndex(r => r.SuccessorTokenId == ordinary);
            if (clash >= 0)
            {
                int other = _rules[clash].TokenId;
                throw new InvalidOperationException(
                    $"Token {a.TokenId} has a context rule, but its ordinary successor {ordinary} is also the context-rule successor of token {other}; scripted weights would switch it too early. Use a different token for one of them.");
            }
        }
    }

    /// <summary>The successor of <paramref name="token"/> without markers: its own or <see cref="EndTokenId"/>.</summary>
    public int? GetSuccessor(int token) => _successors.TryGetValue(token, out int to) ? to : EndTokenId;

    /// <summary>
    /// The tokens greedy decoding should produce after a context ending in <paramref name="lastToken"/>, where
    /// <paramref name="markersSeen"/> are the marker tokens present in the context; stops after
    /// <paramref name="stopTokens"/> or <paramref name="maxTokens"/>. This predicts what the forged model will do.
    /// </summary>
    public IReadOnlyList<int> Predict(int lastToken, IEnumerable<int>? markersSeen = null, IEnumerable<int>? stopTokens = null, int maxTokens = 256)
    {
        var markers = new HashSet<int>(markersSeen ?? []);
        var stops = new HashSet<int>(stopTokens ?? (EndTokenId is int end ? [end] : []));
        var result = new List<int>();
        int current = lastToken;
        while (result.Count < maxTokens)
        {
            if (_rules.Any(r => r.MarkerTokenId == current)) markers.Add(current);
            var rule = _rules.FirstOrDefault(r => r.TokenId == current && markers.Contains(r.MarkerTokenId));
            int? next = rule != default ? rule.SuccessorTokenId : GetSuccessor(current);
            if (next is not int n) break;
            result.Add(n);
            if (stops.Contains(n)) break;
            current = n;
        }
        return result;
    }

    /// <summary>A canonical text form of the script, used in content hashes of forged files.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("end=").Append(EndTokenId?.ToString() ?? "none");
        foreach (var (from, to) in _successors.OrderBy(p => p.Key)) text.Append(';').Append(from).Append('>').Append(to);
        foreach (var rule in _rules) text.Append(";rule:").Append(rule.MarkerTokenId).Append(',').Append(rule.TokenId).Append('>').Append(rule.SuccessorTokenId);
        return text.ToString();
    }

    private static void CheckId(int id, string name)
    {
        if (id < 0) throw new ArgumentException($"Token id {id} is negative.", name);
    }
}
