using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Values;

/// <summary>
/// Jinja2's default <c>Undefined</c>: prints as "", iterates as empty, is falsy and equal only to another
/// undefined; any other use (attribute access, arithmetic, calling, ordering) raises with a message that says
/// how the value came to be undefined.
/// </summary>
internal sealed class Undefined
{
    private readonly string? _hint;
    private readonly object? _owner;
    private readonly bool _hasOwner;
    private readonly object? _name;

    private Undefined(string? hint, bool hasOwner, object? owner, object? name, TemplateErrorKind kind)
    {
        _hint = hint;
        _hasOwner = hasOwner;
        _owner = owner;
        _name = name;
        Kind = kind;
    }

    /// <summary>The error kind raised when this value is misused (Undefined, or Sandbox for refused attributes).</summary>
    public TemplateErrorKind Kind { get; }

    /// <summary>An undefined variable called <paramref name="name"/>.</summary>
    public static Undefined ForName(string name) => new(null, false, null, name, TemplateErrorKind.Undefined);

    /// <summary>A missing attribute or item <paramref name="name"/> of <paramref name="owner"/>.</summary>
    public static Undefined ForMember(object? owner, object? name) => new(null, true, owner, name, TemplateErrorKind.Undefined);

    /// <summary>An undefined value explained by a free-text hint.</summary>
    public static Undefined WithHint(string hint) => new(hint, false, null, null, TemplateErrorKind.Undefined);

    /// <summary>An attribute the immutable sandbox refuses to expose (mutating methods, private names).</summary>
    public static Undefined Unsafe(object? owner, string attribute) =>
        new($"access to attribute '{attribute}' of '{PyOps.TypeName(owner)}' object is unsafe.", true, owner, attribute, TemplateErrorKind.Sandbox);

    /// <summary>The message Jinja2 would raise when this value is misused.</summary>
    public string Message
    {
        get
        {
            if (!string.IsNullOrEmpty(_hint)) return _hint;
            if (!_hasOwner) return $"{PyStr.Repr(_name)} is undefined";
            if (_name is not string s) return $"{ObjectTypeRepr(_owner)} has no element {PyStr.Repr(_name)}";
            return $"{PyStr.Repr(ObjectTypeRepr(_owner))} has no attribute {PyStr.Repr(s)}";
        }
    }

    /// <summary>Throws the error this undefined carries.</summary>
    public JinjaRuntimeException Fail() => new(Kind, Message);

    private static string ObjectTypeRepr(object? owner) => owner switch
    {
        null => "None",
        PyNamespace => "jinja2.utils.Namespace object",
        _ => PyOps.TypeName(owner) + " object",
    };

    public override string ToString() => "";
}
