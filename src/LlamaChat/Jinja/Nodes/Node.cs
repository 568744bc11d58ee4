using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A node of the compiled template tree, located in the source for error messages.</summary>
internal abstract class Node
{
    protected Node(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>Locates a position-less runtime failure at this node.</summary>
    protected TemplateException Error(JinjaRuntimeException e) => new(e.Kind, e.Message, Line, Column, e);

    protected TemplateException Error(TemplateErrorKind kind, string reason) => new(kind, reason, Line, Column);
}
