using Spectre.Console;
using Spectre.Console.Rendering;

namespace LlamaChat.Cli.Terminal;

/// <summary>Two aligned columns of "label  value" rows, the layout of the chat header and the inspect summary.</summary>
public sealed class LabelledGrid
{
    private static readonly Style LabelStyle = new(decoration: Decoration.Bold);
    private readonly Grid _grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();

    /// <summary>Adds a row; a missing value shows as "(not set)". Values are shown literally, never as markup.</summary>
    public LabelledGrid Add(string label, string? value)
    {
        _grid.AddRow(new Spectre.Console.Text(label, LabelStyle), new Spectre.Console.Text(value ?? "(not set)"));
        return this;
    }

    /// <summary>The grid, ready to write to a console.</summary>
    public IRenderable Build() => _grid;
}
