using System.Text.Json.Nodes;
using LlamaChat.Jinja;

namespace LlamaChat.Tests.Jinja;

/// <summary>
/// The template language, case by case. Each expected output is what Python's Jinja2 3.1.6 renders for the same
/// source and variables in Hugging Face's chat-template environment (sandboxed, trim_blocks, lstrip_blocks).
/// </summary>
public class JinjaLanguageTests
{
    private const string VariablesJson = """
        {"l": [3, 1, 2], "s": "  Hello World  ", "n": null, "e": [], "d": {"b": 2, "a": 1},
         "words": ["b", "A", "a", "C"], "objs": [{"name": "x", "v": 2}, {"name": "y", "v": 1}, {"name": "z"}]}
        """;

    private static string Render(string source) =>
        JinjaTemplate.Compile(source).Render(JsonNode.Parse(VariablesJson)!.AsObject());

    [Theory]
    [MemberData(nameof(Literals))]
    public void LiteralsRender(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [MemberData(nameof(Operators))]
    public void OperatorsRender(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [MemberData(nameof(Subscripts))]
    public void SubscriptsRender(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [MemberData(nameof(Methods))]
    public void MethodsRender(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [MemberData(nameof(Filters))]
    public void FiltersRender(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [MemberData(nameof(Tests))]
    public void TestsRender(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [MemberData(nameof(Undefined))]
    public void UndefinedRender(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [MemberData(nameof(Statements))]
    public void StatementsRender(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [MemberData(nameof(Whitespace))]
    public void WhitespaceRender(string source, string expected) => Assert.Equal(expected, Render(source));

    public static TheoryData<string, string> Literals => new()
    {
        { "{{ 1 }}|{{ 1.0 }}|{{ 'a' }}|{{ true }}|{{ True }}|{{ none }}|{{ None }}|{{ false }}", "1|1.0|a|True|True|None|None|False" },
        { "{{ [1, 'a', none, true, 1.5] }}", "[1, 'a', None, True, 1.5]" },
        { "{{ (1,) }}{{ (1, 2) }}{{ () }}", "(1,)(1, 2)()" },
        { "{{ {'a': 1, 'b': [1, 2]} }}", "{'a': 1, 'b': [1, 2]}" },
        { "{{ 'it\\'s' }}|{{ \"q\\\"q\" }}|{{ 'tab\\tnl\\n' }}|{{ '\\x41\\u00e9' }}", "it's|q\"q|tab\tnl\n|Aé" },
        { "{{ ['it\\'s', 'a\"b', '\\n\\t\\x01', 'é'] }}", "[\"it's\", 'a\"b', '\\n\\t\\x01', 'é']" },
        { "{{ 0.1 + 0.2 }} {{ 1e16 }} {{ 1e15 }} {{ 0.0001 }} {{ 0.00001 }} {{ 2.0 }} {{ -0.0 }} {{ 1/3 }}", "0.30000000000000004 1e+16 1000000000000000.0 0.0001 1e-05 2.0 -0.0 0.3333333333333333" },
        { "{{ 1_000 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 1.5e3 }}", "1000 31 15 5 1500.0" },
        { "{{ 'multi' 'part' }}", "multipart" },
    };

    public static TheoryData<string, string> Operators => new()
    {
        { "{{ 10/4 }} {{ 7//2 }} {{ -7//2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ -7.5 % 2 }} {{ 2**10 }} {{ 2**-1 }} {{ 2 ** 3 ** 2 }}", "2.5 3 -4 1 2 0.5 1024 0.5 64" },
        { "{{ 'a' ~ 1 ~ none ~ true ~ [1] }}", "a1NoneTrue[1]" },
        { "{{ 'a' + 'b' }}{{ [1] + [2] }}{{ (1,) + (2,) }}", "ab[1, 2](1, 2)" },
        { "{{ 'ab' * 3 }}{{ [1, 2] * 2 }}", "ababab[1, 2, 1, 2]" },
        { "{{ -1 }}{{ +1 }}{{ not 1 }}{{ not 0 }}{{ -(2) ** 2 }}", "-11FalseTrue4" },
        { "{{ 1 < 2 < 3 }}{{ 1 < 3 < 2 }}{{ 1 == 1.0 }}{{ 'a' < 'b' }}{{ [1, 2] < [1, 3] }}", "TrueFalseTrueTrueTrue" },
        { "{{ 1 if true }}|{{ 1 if false }}|{{ 1 if false else 2 }}|{{ 'x' if 0 else 'y' if 1 else 'z' }}", "1||2|y" },
        { "{{ 0 or 'a' }}{{ 1 and 'b' }}{{ '' or [] }}{{ none and 1 }}", "ab[]None" },
        { "{{ 1 in [1, 2] }}{{ 'a' in 'cat' }}{{ 'k' in {'k': 1} }}{{ 3 not in [1] }}", "TrueTrueTrueTrue" },
        { "{{ true + 1 }}{{ 1 == true }}{{ (1, 2) == [1, 2] }}{{ {'a': 1} == {'a': 1} }}", "2TrueFalseTrue" },
    };

    public static TheoryData<string, string> Subscripts => new()
    {
        { "{{ l[0] }}{{ l[-1] }}{{ l[1:] }}{{ l[:-1] }}{{ l[::-1] }}{{ l[::2] }}{{ l[5] }}|{{ l[10:] }}", "32[1, 2][3, 1][2, 1, 3][3, 2]|[]" },
        { "{{ s[2:7] }}|{{ s[::-1] }}|{{ s[-3:] }}", "Hello|  dlroW olleH  |d  " },
        { "{{ d.a }}{{ d['b'] }}{{ d.missing }}|{{ d.get('a') }}{{ d.get('x', 5) }}", "12|15" },
        { "{{ e[0] }}|{{ e|length }}{{ e[-1:] }}", "|0[]" },
        { "{{ l.1 }}", "1" },
    };

    public static TheoryData<string, string> Methods => new()
    {
        { "{{ s.strip() }}|{{ s.lstrip() }}|{{ s.rstrip() }}|{{ s.upper() }}|{{ s.title() }}|{{ s.split() }}", "Hello World|Hello World  |  Hello World|  HELLO WORLD  |  Hello World  |['Hello', 'World']" },
        { "{{ 'a,b,,c'.split(',') }}{{ 'a,b,c'.split(',', 1) }}{{ 'a,b,c'.rsplit(',', 1) }}", "['a', 'b', '', 'c']['a', 'b,c']['a,b', 'c']" },
        { "{{ 'Hello'.startswith('He') }}{{ 'Hello'.endswith(('x', 'lo')) }}{{ 'hello'.find('l') }}{{ 'hello'.rfind('l') }}{{ 'hello'.count('l') }}{{ 'hello'.replace('l', 'L', 1) }}", "TrueTrue232heLlo" },
        { "{{ 'a\\nb\\r\\nc'.splitlines() }}{{ 'hello world'.capitalize() }}{{ 'ab'.center(6, '*') }}{{ '42'.zfill(5) }}", "['a', 'b', 'c']Hello world**ab**00042" },
        { "{{ '{} and {}'.format(1, 'x') }}|{{ '{name}!'.format(name='n') }}|{{ '{:>5}|{:05d}|{:.2f}'.format('a', 42, 3.14159) }}", "1 and x|n!|    a|00042|3.14" },
        { "{{ '%s-%d-%.2f-%r' % ('a', 3, 2.5, 'b') }}", "a-3-2.50-'b'" },
        { "{{ d.keys()|list }}{{ d.values()|list }}{{ d.items()|list }}", "['b', 'a'][2, 1][('b', 2), ('a', 1)]" },
        { "{{ ', '.join(['a', 'b']) }}", "a, b" },
    };

    public static TheoryData<string, string> Filters => new()
    {
        { "{{ s|trim }}|{{ l|join(',') }}|{{ objs|join(', ', attribute='name') }}|{{ l|length }}|{{ d|count }}", "Hello World|3,1,2|x, y, z|3|2" },
        { "{{ objs|map(attribute='name')|list }}{{ objs|map(attribute='v', default=0)|list }}{{ words|map('upper')|list }}", "['x', 'y', 'z'][2, 1, 0]['B', 'A', 'A', 'C']" },
        { "{{ l|select('odd')|list }}{{ l|reject('odd')|list }}{{ objs|selectattr('v')|map(attribute='name')|list }}{{ objs|rejectattr('v')|map(attribute='name')|list }}{{ objs|selectattr('v', 'equalto', 2)|map(attribute='name')|list }}", "[3, 1][2]['x', 'y']['z']['x']" },
        { "{{ d|items|list }}{{ d|dictsort }}{{ d|dictsort(by='value', reverse=true) }}", "[('b', 2), ('a', 1)][('a', 1), ('b', 2)][('b', 2), ('a', 1)]" },
        { "{{ words|sort }}{{ words|sort(case_sensitive=true) }}{{ words|unique|list }}{{ objs|sort(attribute='name', reverse=true)|map(attribute='name')|join }}", "['A', 'a', 'b', 'C']['A', 'C', 'a', 'b']['b', 'A', 'C']zyx" },
        { "{{ l|min }}{{ l|max }}{{ l|sum }}{{ objs[:2]|sum(attribute='v') }}{{ l|first }}{{ l|last }}{{ l|reverse|list }}{{ 'abc'|reverse }}", "136332[2, 1, 3]cba" },
        { "{{ 'hello world'|title }}{{ 'hELLO'|capitalize }}{{ 'a b  c'|wordcount }}|{{ 'ab'|center(6) }}|", "Hello WorldHello3|  ab  |" },
        { "{{ n|default('x') }}{{ undef|default('x') }}{{ ''|default('x') }}{{ ''|default('x', true) }}{{ 0|d('z', true) }}", "Nonexxz" },
        { "{{ '3'|int }}{{ '3.7'|int }}{{ 'x'|int }}{{ 'x'|int(5) }}{{ 3.9|int }}{{ '1.5'|float }}{{ 'x'|float }}", "330531.50.0" },
        { "{{ 2.5|round }}{{ 3.5|round }}{{ 2.675|round(2) }}{{ 1.5|round(0, 'floor') }}{{ 1.2|round(0, 'ceil') }}{{ -3|abs }}", "2.04.02.671.02.03" },
        { "{{ 'a\\nb\\n\\nc'|indent }}|{{ 'a\\nb'|indent(2, true) }}|{{ 'a\\n\\nb'|indent(2, blank=true) }}", "a\n    b\n\n    c|  a\n  b|a\n  \n  b" },
        { "{{ 'hello world foo bar'|truncate(9) }}|{{ 'hello world foo bar'|truncate(9, true) }}|{{ 'short'|truncate(3) }}", "hello...|hello ...|short" },
        { "{{ 'a<b>&\"'|escape }}|{{ '<x>'|safe }}|{{ ('<x>'|safe) + '<y>' }}|{{ ('<x>'|safe) ~ '<y>' }}", "a&lt;b&gt;&amp;&#34;|<x>|<x>&lt;y&gt;|<x><y>" },
        { "{{ 'a-b'|replace('-', '+') }}{{ 5|string }}{{ [1]|string }}{{ none|string }}{{ l|batch(2)|list }}{{ l|batch(2, 0)|list }}", "a+b5[1]None[[3, 1], [2]][[3, 1], [2, 0]]" },
        { "{{ '%s, %s'|format('a', 'b') }}{{ [1, 2]|tojson }}{{ 'é'|tojson }}{{ 'é'|tojson(ensure_ascii=true) }}{{ {'b': 1, 'a': [1, 2.0, none, true, 'x\"']}|tojson }}", "a, b[1, 2]\"é\"\"\\u00e9\"{\"b\": 1, \"a\": [1, 2.0, null, true, \"x\\\"\"]}" },
        { "{{ d|tojson(indent=2) }}{{ d|tojson(sort_keys=true) }}{{ d|tojson(separators=(',', ':')) }}{{ {}|tojson(indent=2) }}", "{\n  \"b\": 2,\n  \"a\": 1\n}{\"a\": 1, \"b\": 2}{\"b\":2,\"a\":1}{}" },
        { "{{ objs|groupby('name')|map(attribute='grouper')|list }}{{ l|list }}{{ 'ab'|list }}{{ d|list }}", "['x', 'y', 'z'][3, 1, 2]['a', 'b']['b', 'a']" },
    };

    public static TheoryData<string, string> Tests => new()
    {
        { "{{ n is none }}{{ undef is defined }}{{ undef is undefined }}{{ d is mapping }}{{ l is sequence }}{{ 'x' is sequence }}{{ 1 is sequence }}{{ l is iterable }}{{ 1 is iterable }}", "TrueFalseTrueTrueTrueTrueFalseTrueFalse" },
        { "{{ 1 is number }}{{ true is number }}{{ 1 is integer }}{{ true is integer }}{{ 1.0 is float }}{{ true is boolean }}{{ 1 is true }}{{ 'x' is string }}", "TrueTrueTrueFalseTrueTrueFalseTrue" },
        { "{{ 3 is odd }}{{ 4 is even }}{{ 9 is divisibleby 3 }}{{ 1 is eq 1 }}{{ 1 is equalto 2 }}{{ 1 is ne 2 }}{{ 1 is lt 2 }}{{ 1 is gt 2 }}{{ 1 is le 1 }}{{ 2 is ge 3 }}{{ 1 is in [1] }}{{ 'a' is lower }}{{ 'A' is upper }}", "TrueTrueTrueTrueFalseTrueTrueFalseTrueFalseTrueTrueTrue" },
        { "{{ none is sameas none }}{{ l is sameas l }}{{ [] is sameas [] }}{{ range is callable }}{{ 1 is callable }}{{ l is not none }}", "TrueTrueFalseTrueFalseTrue" },
    };

    public static TheoryData<string, string> Undefined => new()
    {
        { "{{ undef }}|{{ undef ~ 'a' }}|{{ undef|length }}{{ undef|list }}|{{ undef|join }}|{{ undef|upper }}|{{ undef|first is defined }}", "|a|0[]|||False" },
        { "{{ undef == undef }}{{ undef == none }}{{ not undef }}{{ 1 in undef }}{% for x in undef %}x{% else %}empty{% endfor %}", "TrueFalseTrueFalseempty" },
        { "{{ none.a is defined }}|{{ d.missing is defined }}|{{ l[10] is defined }}|{{ 'abc'.missing is defined }}", "False|False|False|False" },
    };

    public static TheoryData<string, string> Statements => new()
    {
        { "{% set x = 1 %}{% if x == 1 %}one{% elif x == 2 %}two{% else %}other{% endif %}", "one" },
        { "{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set c, d = [3, 4] %}{{ c }}{{ d }}", "1234" },
        { "{% set x %}inner {{ 1 + 1 }}{% endset %}[{{ x }}]", "[inner 2]" },
        { "{% set x | upper %}abc{% endset %}{{ x }}", "ABC" },
        { "{% set ns = namespace(a=1) %}{% set ns.a = ns.a + 1 %}{% set ns.b = 5 %}{{ ns.a }}{{ ns.b }}", "25" },
        { "{% for i in range(5) %}{% if i == 1 %}{% continue %}{% endif %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}", "02" },
        { "{% for i in [1, 2, 3] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.previtem }}{{ loop.nextitem }}{{ loop.cycle('a', 'b') }};{% endfor %}", "1032TrueFalse32a;2121FalseFalse313b;3210FalseTrue32a;" },
        { "{% for i in [1, 1, 2] %}{{ loop.changed(i) }}{% endfor %}", "TrueFalseTrue" },
        { "{% for x in [1, 2, 3, 4] if x is even %}{{ x }}{{ loop.index }}{{ loop.last }}{% else %}none{% endfor %}", "21False42True" },
        { "{% for x in [] %}a{% else %}b{% endfor %}", "b" },
        { "{% for k, v in {'x': 1, 'y': 2}.items() %}{{ k }}={{ v }};{% endfor %}", "x=1;y=2;" },
        { "{% for a, (b, c) in [(1, (2, 3))] %}{{ a }}{{ b }}{{ c }}{% endfor %}", "123" },
        { "{% for item in [{'n': 'a', 'c': [{'n': 'b', 'c': []}]}] recursive %}{{ loop.depth }}{{ item.n }}{{ loop(item.c) }}{% endfor %}", "1a2b" },
        { "{% macro m(a, b=2, c='x') %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ m(1) }}{{ m(1, 3) }}{{ m(1, c='y') }}{{ m(a=5) }}{{ m() }}", "12x13x12y52x2x" },
        { "{% macro m(a) %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, x=4) }}", "(2, 3){'x': 4}" },
        { "{% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}body{% endcall %}", "[body]" },
        { "{% macro m() %}[{{ caller(1, 2) }}]{% endmacro %}{% call(x, y) m() %}{{ x + y }}{% endcall %}", "[3]" },
        { "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}{% endmacro %}{{ fact(5) }}", "120" },
        { "{% filter upper %}abc {{ 'd' }}{% endfilter %}", "ABC D" },
        { "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}{{ a is defined }}", "3False" },
        { "{% raw %}{{ x }}{% endraw %}", "{{ x }}" },
        { "a{# comment #}b", "ab" },
        { "{% generation %}gen {{ 1 }}{% endgeneration %}", "gen 1" },
        { "{% set x = 1 %}{% for i in [1, 2] %}{{ x }}{% set x = x + i %}{{ x }}{% endfor %}{{ x }}", "12131" },
        { "{% if true %}{% set y = 1 %}{% endif %}{{ y }}|{% for i in [1] %}{% set z = 1 %}{% endfor %}{{ z }}", "1|" },
        { "{% set x = 1 %}{% macro m() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ m() }}", "2" },
        { "{% set ns = namespace(items=[]) %}{% for i in [1, 2] %}{% set ns.items = ns.items + [i] %}{% endfor %}{{ ns.items }}", "[1, 2]" },
        { "{{ range(3)|list }}{{ range(1, 10, 3)|list }}{{ dict(a=1, b=2) }}{% set j = joiner('|') %}{% for x in [1, 2, 3] %}{{ j() }}{{ x }}{% endfor %}", "[0, 1, 2][1, 4, 7]{'a': 1, 'b': 2}1|2|3" },
    };

    public static TheoryData<string, string> Whitespace => new()
    {
        { "a  {{- ' b ' -}}  c", "a b c" },
        { "a  {%- if true -%}  b  {%- endif -%}  c", "abc" },
        { "a\n  {% if true %}\n  b\n  {% endif %}\n  c\n", "a\n  b\n  c" },
        { "a\n  {%+ if true %}\n  b\n  {%- endif +%}\n  c", "a\n    b\n  c" },
        { "  {# c #}\nx", "x" },
        { "x {#- c -#} y", "xy" },
        { "{% raw -%}  a  {%- endraw %}", "a" },
        { "{% if 1 %}\r\na\r\n{% endif %}\r\n", "a\n" },
        { "a\n\n", "a\n" },
        { "\t{% if 1 %}\tx\n{% endif %}", "\tx\n" },
        { "{{ 'a' }}\n{{ 'b' }}\n", "a\nb" },
        { "{% for x in [1, 2] %}\n  {{ x }}\n{% endfor %}\n", "  1\n  2\n" },
        { "x\n  {#- c #}\ny", "xy" },
        { "{% set x -%}\n  a\n{%- endset %}[{{ x }}]", "[a]" },
    };
}
