using System.Diagnostics;
using LlamaChat.Jinja;

namespace LlamaChat.Tests.Jinja;

/// <summary>Bad templates fail fast with a <see cref="TemplateException"/> that says what and where.</summary>
public class JinjaErrorTests
{
    private static TemplateException CompileError(string source) =>
        Assert.Throws<TemplateException>(() => JinjaTemplate.Compile(source));

    private static TemplateException RenderError(string source, JinjaOptions? options = null, IReadOnlyDictionary<string, object?>? variables = null)
    {
        var template = JinjaTemplate.Compile(source, options);
        return Assert.Throws<TemplateException>(() => template.Render(variables));
    }

    [Theory]
    [InlineData("{% if %}", 1, 7)]
    [InlineData("line one\n{{ 1 + }}", 2, 8)]
    [InlineData("{% for x in [1] %}\n{{ x }}", 2, 8)]
    [InlineData("ok\n\n  {% endif %}", 3, 6)]
    [InlineData("{{ 'unterminated }}", 1, 4)]
    [InlineData("{# never closed", 1, 1)]
    [InlineData("{{ (1, 2 }}", 1, 10)]
    [InlineData("{% do x %}", 1, 4)]
    [InlineData("{% break %}", 1, 4)]
    [InlineData("{% macro m(a=1, b) %}{% endmacro %}", 1, 18)]
    public void SyntaxErrorsCarryLineAndColumn(string source, int line, int column)
    {
        var e = CompileError(source);
        Assert.Equal(TemplateErrorKind.Syntax, e.Kind);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains($"line {line}", e.Message);
    }

    [Fact]
    public void UnclosedBlockNamesTheBlock()
    {
        var e = CompileError("{% if true %}\n{% for x in y %}");
        Assert.Contains("'endfor'", e.Reason);
        Assert.Contains("innermost block that needs to be closed is 'for'", e.Reason);
    }

    [Fact]
    public void UnknownFilterFailsAtCompileTime()
    {
        var e = CompileError("text\n{{ name | shout }}");
        Assert.Equal(TemplateErrorKind.Syntax, e.Kind);
        Assert.Equal("No filter named 'shout'.", e.Reason);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void UnknownTestFailsAtCompileTime()
    {
        var e = CompileError("{{ x is loud }}");
        Assert.Equal("No test named 'loud'.", e.Reason);
    }

    [Fact]
    public void UnknownFilterInsideIfFailsOnlyWhenReached()
    {
        // Jinja2 3.x defers the check for filters inside an if, so a guarded branch never taken renders fine.
        var template = JinjaTemplate.Compile("{% if false %}{{ x | shout }}{% endif %}ok");
        Assert.Equal("ok", template.Render());
        var e = RenderError("{% if true %}{{ x | shout }}{% endif %}");
        Assert.Equal("No filter named 'shout' found.", e.Reason);
    }

    [Fact]
    public void CallingAnUndefinedMacroRaisesUndefined()
    {
        var e = RenderError("line\n  {{ render_tool(x) }}");
        Assert.Equal(TemplateErrorKind.Undefined, e.Kind);
        Assert.Equal("'render_tool' is undefined", e.Reason);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void AttributeOfUndefinedRaises()
    {
        var e = RenderError("{{ message.content }}");
        Assert.Equal(TemplateErrorKind.Undefined, e.Kind);
        Assert.Equal("'message' is undefined", e.Reason);
    }

    [Fact]
    public void RaiseExceptionKeepsTheMessageVerbatim()
    {
        var e = RenderError("{{ raise_exception('Roles must alternate: user/assistant/...') }}");
        Assert.Equal(TemplateErrorKind.RaiseException, e.Kind);
        Assert.Equal("Roles must alternate: user/assistant/...", e.Reason);
        Assert.Contains("Roles must alternate: user/assistant/...", e.Message);
    }

    [Theory]
    [InlineData("{% set l = [1] %}{{ l.append(2) }}", "access to attribute 'append' of 'list' object is unsafe.")]
    [InlineData("{% set d = {} %}{% set _ = d.update({'a': 1}) %}", "access to attribute 'update' of 'dict' object is unsafe.")]
    [InlineData("{{ [].__class__() }}", "access to attribute '__class__' of 'list' object is unsafe.")]
    public void MutationIsRefusedBySandbox(string source, string reason)
    {
        var e = RenderError(source);
        Assert.Equal(TemplateErrorKind.Sandbox, e.Kind);
        Assert.Equal(reason, e.Reason);
    }

    [Theory]
    [InlineData("{{ 'a' + 1 }}", "can only concatenate str (not \"int\") to str")]
    [InlineData("{{ 1 / 0 }}", "division by zero")]
    [InlineData("{{ 'a' < 1 }}", "'<' not supported between instances of 'str' and 'int'")]
    [InlineData("{{ none|tojson }}{{ x|tojson }}", "Object of type Undefined is not JSON serializable")]
    [InlineData("{% for x in 5 %}{% endfor %}", "'int' object is not iterable")]
    [InlineData("{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}", "macro 'm' takes not more than 1 argument(s)")]
    public void TypeErrorsUsePythonMessages(string source, string reason)
    {
        var e = RenderError(source);
        Assert.Equal(TemplateErrorKind.Type, e.Kind);
        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    public void EndlessMacroRecursionHitsTheDepthLimit()
    {
        var sw = Stopwatch.StartNew();
        var e = RenderError("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}");
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        Assert.Contains("MaxRecursionDepth", e.Reason);
        Assert.True(e.Line > 0);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void EndlessRecursiveLoopHitsTheDepthLimit()
    {
        var e = RenderError("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}");
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
    }

    [Fact]
    public void HugeLoopsHitTheIterationLimitQuickly()
    {
        var sw = Stopwatch.StartNew();
        var e = RenderError("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            new JinjaOptions { MaxLoopIterations = 200_000 });
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        Assert.Equal(1, e.Line);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void RangeIsCappedLikeTheSandbox()
    {
        var e = RenderError("{% for i in range(10000000) %}{% endfor %}");
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        Assert.Contains("MAX_RANGE", e.Reason);
    }

    [Fact]
    public void OutputOverTheSizeLimitFails()
    {
        var e = RenderError("{% for i in range(1000) %}\n{{ 'x' * 1000 }}{% endfor %}", new JinjaOptions { MaxOutputLength = 100_000 });
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void HugeStringsFailBeforeBeingBuilt()
    {
        var sw = Stopwatch.StartNew();
        var e = RenderError("{{ 'x' * 1000000000000 }}");
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        var doubling = RenderError("{% set ns = namespace(s='ab') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}");
        Assert.Equal(TemplateErrorKind.Limit, doubling.Kind);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("{{ ('x' * 1000000).replace('x', 'y' * 1000) }}")]
    [InlineData("{{ ('x' * 1000000)|replace('x', 'y' * 1000) }}")]
    [InlineData("{{ ('x\n' * 1000000)|indent(10000) }}")]
    [InlineData("{{ [1]|slice(1000000000000)|list }}")]
    [InlineData("{{ [1]|batch(1000000000000, 0)|list }}")]
    [InlineData("{{ ('\t' * 100000).expandtabs(100000) }}")]
    [InlineData("{{ '{:>1000000}'.format('a') * 1000 }}")]
    public void AmplifyingOperationsHitTheSizeLimitBeforeAllocating(string source)
    {
        var sw = Stopwatch.StartNew();
        var e = RenderError(source);
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("{{ ns.l }}")]
    [InlineData("{{ ns.l|string }}")]
    [InlineData("{{ ns.l|e }}")]
    [InlineData("{{ ns.l|trim }}")]
    [InlineData("{{ ns.l|pprint }}")]
    [InlineData("{{ '%s'|format(ns.l) }}")]
    [InlineData("{{ '{}'.format(ns.l) }}")]
    [InlineData("{{ ns.l ~ '' }}")]
    public void PrintingSharedSubListsHitsTheSizeLimitBeforeAllocating(string print)
    {
        // Each level holds the previous list twice: its text doubles per level, 2^60 items. Building it ran out of memory.
        const string build = "{% set ns = namespace(l=[1]) %}{% for i in range(60) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}";
        var sw = Stopwatch.StartNew();
        var e = RenderError(build + print, new JinjaOptions { MaxOutputLength = 100_000 });
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        Assert.Contains("100000", e.Reason);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void PrintingAHugeConstantListHitsTheSizeLimit()
    {
        var e = RenderError("{{ ([['x' * 1000] * 1000] * 1000)|string }}", new JinjaOptions { MaxOutputLength = 1_000_000 });
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
    }

    [Fact]
    public void DeeplyNestedDataFailsInsteadOfOverflowingTheStack()
    {
        var e = RenderError("{% set ns = namespace(x=[]) %}{% for i in range(5000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x }}");
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        var json = RenderError("{% set ns = namespace(x=[]) %}{% for i in range(5000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x|tojson }}");
        Assert.Equal(TemplateErrorKind.Limit, json.Kind);
    }

    [Fact]
    public void DeeplyNestedSyntaxFailsToCompile()
    {
        var e = CompileError("{{ " + new string('(', 5000) + "1" + new string(')', 5000) + " }}");
        Assert.Equal(TemplateErrorKind.Syntax, e.Kind);
        var blocks = CompileError(string.Concat(Enumerable.Repeat("{% if true %}", 5000)));
        Assert.Equal(TemplateErrorKind.Syntax, blocks.Kind);
    }

    [Fact]
    public void VeryLongOperatorChainsNeverCrashTheProcess()
    {
        var source = "{{ " + string.Join(" + ", Enumerable.Repeat("1", 100_000)) + " }}";
        try
        {
            Assert.Equal("100000", JinjaTemplate.Compile(source).Render());
        }
        catch (TemplateException e)
        {
            Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        }
    }

    [Theory]
    [InlineData("x", ".a")]
    [InlineData("x", "[0]")]
    [InlineData("x", "|upper")]
    [InlineData("x", " + x")]
    [InlineData("x", " and x")]
    [InlineData("(1)", ".a")]
    [InlineData("(1).a", "|default((1).b)", 30_000)]
    public void LongChainsCompileInLinearTime(string first, string link, int count = 100_000)
    {
        // Constant folding re-walked (and re-evaluated) the chain below every link, and each + link copied the operand
        // list before it: 100,000 links took over 30 s or ran out of memory.
        var source = "{{ " + first + string.Concat(Enumerable.Repeat(link, count)) + " }}";
        var sw = Stopwatch.StartNew();
        try
        {
            JinjaTemplate.Compile(source).Render(new Dictionary<string, object?> { ["x"] = "a" });
        }
        catch (TemplateException e)
        {
            Assert.NotEqual(TemplateErrorKind.Syntax, e.Kind);
        }
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"{sw.Elapsed}");
    }

    [Fact]
    public void AHalfMillionLinkChainFailsToCompileWithALimitError()
    {
        var e = CompileError("{{ x" + string.Concat(Enumerable.Repeat(".a", 500_000)) + " }}");
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
    }

    [Fact]
    public void UnsupportedInputTypeIsReported()
    {
        var template = JinjaTemplate.Compile("{{ x }}");
        var e = Assert.Throws<TemplateException>(() => template.Render(new Dictionary<string, object?> { ["x"] = IntPtr.Zero }));
        Assert.Equal(TemplateErrorKind.Type, e.Kind);
        Assert.Contains("'x'", e.Reason);
    }

    [Fact]
    public void CyclicInputIsReported()
    {
        var cyclic = new List<object?>();
        cyclic.Add(cyclic);
        var template = JinjaTemplate.Compile("{{ x }}");
        var e = Assert.Throws<TemplateException>(() => template.Render(new Dictionary<string, object?> { ["x"] = cyclic }));
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
    }

    [Fact]
    public void DeeplyNestedTuplesFailInsteadOfOverflowingTheStackWhenHashed()
    {
        // Hashing recursed once per tuple level without a limit: this killed the process with a stack overflow.
        const string build = "{% set ns = namespace(t=(1,)) %}{% for i in range(100000) %}{% set ns.t = (ns.t,) %}{% endfor %}";
        Assert.Equal(TemplateErrorKind.Limit, RenderError(build + "{{ {ns.t: 1}|length }}").Kind);
        Assert.Equal(TemplateErrorKind.Limit, RenderError(build + "{{ [ns.t]|unique|list|length }}").Kind);
    }

    [Theory]
    [InlineData("{{ ns.l == ns.m }}")]
    [InlineData("{{ ns.l < ns.m }}")]
    [InlineData("{{ ns.l in [ns.m] }}")]
    [InlineData("{{ ns.t == ns.u }}")]
    [InlineData("{{ {ns.t: 1}|length }}")]
    [InlineData("{{ [ns.t, ns.u]|unique|list|length }}")]
    public void ComparingOrHashingSharedSubListsHitsAWorkLimit(string use)
    {
        // Each level holds the previous one twice: 2^60 items to visit. This hung (as it does in Python).
        const string build = "{% set ns = namespace(l=[1], m=[1], t=(1,), u=(1,)) %}{% for i in range(60) %}"
            + "{% set ns.l = [ns.l, ns.l] %}{% set ns.m = [ns.m, ns.m] %}{% set ns.t = (ns.t, ns.t) %}{% set ns.u = (ns.u, ns.u) %}{% endfor %}";
        var sw = Stopwatch.StartNew();
        var e = RenderError(build + use, new JinjaOptions { MaxOutputLength = 100_000 });
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("{{ '%c' % 1114112 }}")]
    [InlineData("{{ '%c' % -1 }}")]
    [InlineData("{{ '{:c}'.format(1114112) }}")]
    [InlineData("{{ '%c' % x }}")]
    public void OutOfRangeCharacterCodesAreTypeErrors(string source)
    {
        // Raised ArgumentOutOfRangeException, raw from Compile when the expression was constant.
        var e = RenderError(source, variables: new Dictionary<string, object?> { ["x"] = 1114112 });
        Assert.Equal(TemplateErrorKind.Type, e.Kind);
        Assert.Contains("not in range(0x110000)", e.Reason);
    }

    [Fact]
    public void CharacterCodesIncludeLoneSurrogatesAsInPython()
    {
        Assert.Equal("\ud800", JinjaTemplate.Compile("{{ '%c' % 55296 }}").Render());
    }

    [Theory]
    [InlineData("{{ '%*d' % (10000000000, 1) }}")]
    [InlineData("{{ '%.*f' % (10000000000, 1) }}")]
    public void StarWidthAndPrecisionAreCappedLikeWrittenOnes(string source)
    {
        // The int cast wrapped 10^10 around: OutOfMemoryException (width) or FormatException (precision) from Compile.
        var output = JinjaTemplate.Compile(source).Render();
        Assert.InRange(output.Length, 1_000_000, 1_000_010);
    }

    [Fact]
    public void AMillionDigitIntegerStringIsRejectedQuickly()
    {
        // Accumulating every digit in a BigInteger took quadratic time (minutes).
        var sw = Stopwatch.StartNew();
        Assert.Equal("0", JinjaTemplate.Compile("{{ ('9' * 1000000)|int }}").Render());
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ExponentiallyManyMacroCallsHitTheIterationLimit()
    {
        // Each call makes two more, never deeper than 31: 2^31 calls hung the render.
        var sw = Stopwatch.StartNew();
        var e = RenderError("{% macro f(n) %}{% if n < 30 %}{{ f(n+1) }}{{ f(n+1) }}{% endif %}{% endmacro %}{{ f(0) }}");
        Assert.Equal(TemplateErrorKind.Limit, e.Kind);
        Assert.Contains("MaxLoopIterations", e.Reason);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
    }
}
