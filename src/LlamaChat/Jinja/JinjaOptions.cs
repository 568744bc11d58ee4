namespace LlamaChat.Jinja;

/// <summary>
/// How templates are parsed and the limits that keep a hostile or broken template from hanging or exhausting
/// memory. The defaults match Hugging Face's <c>apply_chat_template</c> environment
/// (<c>trim_blocks</c> and <c>lstrip_blocks</c> on) and are far above what real chat templates need.
/// Options are compared by value, so equal options share cached compiled templates.
/// </summary>
public sealed record JinjaOptions
{
    /// <summary>The options Hugging Face uses for chat templates (the defaults).</summary>
    public static JinjaOptions Default { get; } = new();

    /// <summary>Removes the first newline after a block or comment tag (Jinja2 <c>trim_blocks</c>). Default: true.</summary>
    public bool TrimBlocks { get; init; } = true;

    /// <summary>Strips spaces and tabs before a block or comment tag at the start of a line (Jinja2 <c>lstrip_blocks</c>). Default: true.</summary>
    public bool LstripBlocks { get; init; } = true;

    /// <summary>Keeps a single trailing newline of the template source (Jinja2 <c>keep_trailing_newline</c>). Default: false.</summary>
    public bool KeepTrailingNewline { get; init; }

    /// <summary>
    /// The clock <c>strftime_now</c> reads (its local date and time are formatted). Default: null, the system clock.
    /// Set it to render reproducibly.
    /// </summary>
    public Func<DateTimeOffset>? Clock { get; init; }

    /// <summary>How deeply macros and recursive loops may nest before rendering fails. Default: 200.</summary>
    public int MaxRecursionDepth { get; init; } = 200;

    /// <summary>How many loop iterations and macro calls one render may run in total. Default: 1,000,000.</summary>
    public long MaxLoopIterations { get; init; } = 1_000_000;

    /// <summary>The longest output, and the longest string or list built along the way, in characters or items. Default: 16 Mi.</summary>
    public long MaxOutputLength { get; init; } = 16 * 1024 * 1024;
}
