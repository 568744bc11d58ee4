using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>
/// The <c>loop</c> variable of a for loop. Like Jinja2 it reads its source lazily: <c>loop.last</c> and
/// <c>loop.nextitem</c> peek one item ahead, <c>loop.length</c> drains a generator source.
/// </summary>
internal sealed class LoopContext : IJinjaCallable
{
    private static readonly object Missing = new();

    private IReadOnlyList<object?>? _list;
    private int _position;
    private IEnumerator<object?>? _enumerator;
    private object? _after = Missing;
    private object? _current = Missing;
    private object? _before = Missing;
    private int? _length;
    private object? _lastChanged = Missing;
    private readonly Func<object?, int, string>? _recurse;

    public LoopContext(IEnumerable<object?> source, Func<object?, int, string>? recurse, int depth0)
    {
        if (source is IReadOnlyList<object?> list)
        {
            _list = list;
            _length = list.Count;
        }
        else
        {
            _enumerator = source.GetEnumerator();
        }
        _recurse = recurse;
        Depth0 = depth0;
    }

    public int Index0 { get; private set; } = -1;

    public int Depth0 { get; }

    public string TypeName => "LoopContext";

    public bool MoveNext(out object? item)
    {
        if (ReferenceEquals(_after, End))
        {
            item = null;
            return false;
        }
        if (!ReferenceEquals(_after, Missing))
        {
            item = _after;
            _after = Missing;
        }
        else if (!Fetch(out item))
        {
            return false;
        }
        Index0++;
        _before = _current;
        _current = item;
        return true;
    }

    private bool Fetch(out object? item)
    {
        if (_list is not null)
        {
            if (_position < _list.Count)
            {
                item = _list[_position++];
                return true;
            }
            item = null;
            return false;
        }
        if (_enumerator!.MoveNext())
        {
            item = _enumerator.Current;
            return true;
        }
        item = null;
        return false;
    }

    private object? PeekNext()
    {
        if (ReferenceEquals(_after, Missing))
        {
            _after = Fetch(out var item) ? item : End;
        }
        return _after;
    }

    private static readonly object End = new();

    private bool PeekIsEnd() => ReferenceEquals(PeekNext(), End);

    public int Length
    {
        get
        {
            if (_length is { } known) return known;
            var rest = new List<object?>();
            while (_enumerator!.MoveNext()) rest.Add(_enumerator.Current);
            _list = rest;
            _position = 0;
            _enumerator = null;
            bool pending = !ReferenceEquals(_after, Missing) && !ReferenceEquals(_after, End);
            _length = rest.Count + Index0 + 1 + (pending ? 1 : 0);
            return _length.Value;
        }
    }

    public bool TryGetAttribute(string name, out object? value)
    {
        switch (name)
        {
            case "index0": value = PyOps.Box(Index0); return true;
            case "index": value = PyOps.Box(Index0 + 1); return true;
            case "revindex0": value = PyOps.Box(Length - Index0 - 1); return true;
            case "revindex": value = PyOps.Box(Length - Index0); return true;
            case "first": value = PyOps.Box(Index0 == 0); return true;
            case "last": value = PyOps.Box(PeekIsEnd()); return true;
            case "length": value = PyOps.Box(Length); return true;
            case "depth0": value = PyOps.Box(Depth0); return true;
            case "depth": value = PyOps.Box(Depth0 + 1); return true;
            case "previtem":
                value = Index0 == 0 || ReferenceEquals(_before, Missing) ? Undefined.WithHint("there is no previous item") : _before;
                return true;
            case "nextitem":
                value = PeekIsEnd() ? Undefined.WithHint("there is no next item") : PeekNext();
                return true;
            case "cycle" or "changed":
                value = new BoundMethod(this, name);
                return true;
            default:
                value = null;
                return false;
        }
    }

    public object? CallMethod(string name, CallArgs args)
    {
        if (args.HasNamed) throw JinjaRuntimeException.Type($"loop.{name}() takes no keyword arguments");
        switch (name)
        {
            case "cycle":
                if (args.Count == 0) throw JinjaRuntimeException.Type("no items for cycling given");
                return args.Positional[Index0 % args.Count];
            case "changed":
                {
                    var values = new PyTuple((object?[])args.Positional.Clone());
                    if (!ReferenceEquals(_lastChanged, Missing) && PyOps.PyEquals(_lastChanged, values)) return PyOps.False;
                    _lastChanged = values;
                    return PyOps.True;
                }
            default:
                throw JinjaRuntimeException.Type($"'LoopContext' object has no method '{name}'");
        }
    }

    public object? Invoke(RenderState state, CallArgs args)
    {
        if (_recurse is null) throw JinjaRuntimeException.Type("The loop must have the 'recursive' marker to be called recursively.");
        var bound = args.Bind("loop", ["iterable"], 1);
        return _recurse(bound[0], Depth0 + 1);
    }

    public string Repr() => $"<LoopContext {Index0 + 1}/{Length}>";
}
