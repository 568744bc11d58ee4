using LlamaChat.Jinja.Nodes;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>A macro bound to the scope it was defined in; calling it renders its body to a string.</summary>
internal sealed class MacroValue : IJinjaCallable
{
    private readonly MacroDefinition _definition;
    private readonly Frame _closure;

    public MacroValue(MacroDefinition definition, Frame closure)
    {
        _definition = definition;
        _closure = closure;
    }

    public string TypeName => "Macro";

    public string Repr() => $"<Macro {PyStr.Repr(_definition.Name)}>";

    public bool TryGetAttribute(string name, out object? value)
    {
        switch (name)
        {
            case "name": value = _definition.Name; return true;
            case "arguments": value = new PyTuple(_definition.Parameters.Cast<object?>().ToArray()); return true;
            case "catch_kwargs": value = PyOps.Box(_definition.CatchKwargs); return true;
            case "catch_varargs": value = PyOps.Box(_definition.CatchVarargs); return true;
            case "caller": value = PyOps.Box(_definition.UsesCaller); return true;
            default: value = null; return false;
        }
    }

    public object? Invoke(RenderState state, CallArgs args)
    {
        var def = _definition;
        var parameters = def.Parameters;
        var frame = new Frame(_closure);
        var positional = args.Positional;
        List<KeyValuePair<string, object?>>? kwargs = args.Named is null ? null : new(args.Named);
        var values = new object?[parameters.Length];
        bool foundCaller = false;
        for (int i = 0; i < parameters.Length; i++)
        {
            if (i < positional.Length)
            {
                values[i] = positional[i];
                continue;
            }
            values[i] = CallArgs.Missing;
            if (kwargs is not null)
            {
                int at = kwargs.FindIndex(p => p.Key == parameters[i]);
                if (at >= 0)
                {
                    values[i] = kwargs[at].Value;
                    kwargs.RemoveAt(at);
                }
            }
            if (parameters[i] == "caller") foundCaller = true;
        }
        if (positional.Length >= parameters.Length && Array.IndexOf(parameters, "caller") >= 0) foundCaller = true;
        if (def.UsesCaller && !foundCaller)
        {
            object? caller = null;
            int at = kwargs?.FindIndex(p => p.Key == "caller") ?? -1;
            if (at >= 0)
            {
                caller = kwargs![at].Value;
                kwargs.RemoveAt(at);
            }
            frame.Set("caller", caller ?? Undefined.WithHint("No caller defined"));
        }
        if (def.CatchKwargs)
        {
            var dict = new PyDict();
            if (kwargs is not null) foreach (var pair in kwargs) dict.Set(pair.Key, pair.Value);
            frame.Set("kwargs", dict);
        }
        else if (kwargs is { Count: > 0 })
        {
            if (kwargs.Any(p => p.Key == "caller"))
            {
                throw JinjaRuntimeException.Type($"macro {PyStr.Repr(def.Name)} was invoked with two values for the special caller argument. This is most likely a bug.");
            }
            throw JinjaRuntimeException.Type($"macro {PyStr.Repr(def.Name)} takes no keyword argument {PyStr.Repr(kwargs[0].Key)}");
        }
        if (def.CatchVarargs)
        {
            frame.Set("varargs", positional.Length > parameters.Length ? new PyTuple(positional[parameters.Length..]) : PyTuple.Empty);
        }
        else if (positional.Length > parameters.Length)
        {
            throw JinjaRuntimeException.Type($"macro {PyStr.Repr(def.Name)} takes not more than {parameters.Length} argument(s)");
        }
        state.Enter();
        var previous = state.BeginCapture();
        try
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                var value = values[i];
                if (CallArgs.IsMissing(value))
                {
                    value = def.Defaults[i] is { } defaultExpr
                        ? defaultExpr.Eval(state, frame)
                        : Undefined.WithHint($"parameter {PyStr.Repr(parameters[i])} was not provided");
                }
                frame.Set(parameters[i], value);
            }
            Stmt.ExecuteBody(def.Body, state, frame);
        }
        finally
        {
            state.Exit();
        }
        return state.EndCapture(previous);
    }
}
