using LlamaChat.Jinja.Filters;
using LlamaChat.Jinja.Nodes;
using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Parsing;

/// <summary>
/// Recursive-descent parser following Jinja2's grammar and operator precedence. Filters and tests are resolved
/// here; unknown ones fail compilation unless they sit inside an <c>if</c> (Jinja2 then fails only if they run).
/// </summary>
internal sealed class Parser
{
    private const int MaxNesting = 200;

    private static readonly HashSet<string> CompareOps = ["==", "!=", "<", "<=", ">", ">="];

    private readonly List<Token> _tokens;
    private int _index;
    private readonly Stack<string> _tagStack = new();
    private readonly List<string[]> _endTokenStack = [];
    private bool _soft;
    private int _loopDepth;
    private int _nesting;

    public Parser(List<Token> tokens) => _tokens = tokens;

    private Token Current => _tokens[_index];

    private Token Peek(int n = 1) => _tokens[Math.Min(_index + n, _tokens.Count - 1)];

    private Token Next()
    {
        var t = _tokens[_index];
        if (_index < _tokens.Count - 1) _index++;
        return t;
    }

    private TemplateException Fail(string message, Token? at = null)
    {
        var t = at ?? Current;
        return new TemplateException(TemplateErrorKind.Syntax, message, t.Line, t.Column);
    }

    private Token Expect(TokenKind kind, string description)
    {
        if (Current.Kind != kind)
        {
            if (Current.Kind == TokenKind.Eof) throw Fail($"unexpected end of template, expected '{description}'.");
            throw Fail($"expected token '{description}', got '{Current.Describe()}'");
        }
        return Next();
    }

    private void ExpectOperator(string op)
    {
        if (!Current.IsOperator(op))
        {
            if (Current.Kind == TokenKind.Eof) throw Fail($"unexpected end of template, expected '{op}'.");
            throw Fail($"expected token '{op}', got '{Current.Describe()}'");
        }
        Next();
    }

    private void ExpectName(string name)
    {
        if (!Current.IsName(name))
        {
            if (Current.Kind == TokenKind.Eof) throw Fail($"unexpected end of template, expected '{name}'.");
            throw Fail($"expected token '{name}', got '{Current.Describe()}'");
        }
        Next();
    }

    private bool SkipOperator(string op)
    {
        if (!Current.IsOperator(op)) return false;
        Next();
        return true;
    }

    private bool SkipName(string name)
    {
        if (!Current.IsName(name)) return false;
        Next();
        return true;
    }

    public Stmt[] ParseTemplate()
    {
        var body = Subparse(null);
        if (Current.Kind != TokenKind.Eof) throw Fail($"unexpected '{Current.Describe()}'");
        return body;
    }

    private Stmt[] Subparse(string[]? endTokens)
    {
        var body = new List<Stmt>();
        var data = new List<object>();
        Token dataStart = Current;
        if (endTokens is not null) _endTokenStack.Add(endTokens);
        try
        {
            void Flush()
            {
                if (data.Count > 0)
                {
                    body.Add(new OutputStmt(data.ToArray(), dataStart.Line, dataStart.Column));
                    data.Clear();
                }
            }
            while (Current.Kind != TokenKind.Eof)
            {
                var token = Current;
                switch (token.Kind)
                {
                    case TokenKind.Data:
                        if (data.Count == 0) dataStart = token;
                        data.Add(token.Value);
                        Next();
                        break;
                    case TokenKind.VariableBegin:
                        if (data.Count == 0) dataStart = token;
                        Next();
                        data.Add(ParseTuple(withCondExpr: true));
                        Expect(TokenKind.VariableEnd, "end of print statement");
                        break;
                    case TokenKind.BlockBegin:
                        Flush();
                        Next();
                        if (endTokens is not null && Current.Kind == TokenKind.Name && endTokens.Contains(Current.Value)) return body.ToArray();
                        body.Add(ParseStatement());
                        Expect(TokenKind.BlockEnd, "end of statement block");
                        break;
                    default:
                        throw Fail($"unexpected '{token.Describe()}'");
                }
            }
            Flush();
            return body.ToArray();
        }
        finally
        {
            if (endTokens is not null) _endTokenStack.RemoveAt(_endTokenStack.Count - 1);
        }
    }

    private Stmt[] ParseStatements(string[] endTokens, bool dropNeedle)
    {
        SkipOperator(":");
        Expect(TokenKind.BlockEnd, "end of statement block");
        var result = Subparse(endTokens);
        if (Current.Kind == TokenKind.Eof) throw FailEof(endTokens);
        if (dropNeedle) Next();
        return result;
    }

    private TemplateException FailEof(string[]? endTokens)
    {
        var stack = new List<string[]>(_endTokenStack);
        if (endTokens is not null) stack.Add(endTokens);
        return FailUnknownTag(null, stack, Current);
    }

    private TemplateException FailUnknownTag(string? name, List<string[]> stack, Token at)
    {
        var expected = new HashSet<string>(stack.SelectMany(x => x));
        string? looking = stack.Count > 0 ? string.Join(" or ", stack[^1].Select(x => $"'{x}'")) : null;
        var message = new List<string> { name is null ? "Unexpected end of template." : $"Encountered unknown tag '{name}'." };
        if (looking is not null)
        {
            if (name is not null && expected.Contains(name))
            {
                message.Add($"You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for {looking}.");
            }
            else
            {
                message.Add($"Jinja was looking for the following tags: {looking}.");
            }
        }
        if (_tagStack.Count > 0) message.Add($"The innermost block that needs to be closed is '{_tagStack.Peek()}'.");
        return Fail(string.Join(" ", message), at);
    }

    private Stmt ParseStatement()
    {
        var token = Current;
        if (token.Kind != TokenKind.Name) throw Fail("tag name expected");
        if (_tagStack.Count >= MaxNesting) throw Fail($"blocks nested more than {MaxNesting} levels deep");
        _tagStack.Push(token.Value);
        bool pop = true;
        try
        {
            switch (token.Value)
            {
                case "for": return ParseFor();
                case "if": return ParseIf();
                case "set": return ParseSet();
                case "macro": return ParseMacro();
                case "call": return ParseCallBlock();
                case "filter": return ParseFilterBlock();
                case "with": return ParseWith();
                case "generation": return ParseGeneration();
                case "break" or "continue": return ParseLoopControl();
                case "print":
                    {
                        Next();
                        var parts = new List<object>();
                        while (Current.Kind != TokenKind.BlockEnd)
                        {
                            if (parts.Count > 0) ExpectOperator(",");
                            parts.Add(ParseExpression());
                        }
                        return new OutputStmt(parts.ToArray(), token.Line, token.Column);
                    }
                case "block" or "extends" or "include" or "import" or "from" or "autoescape":
                    throw Fail($"The '{token.Value}' tag is not supported: chat templates are rendered standalone, without a template loader.", token);
                default:
                    _tagStack.Pop();
                    pop = false;
                    throw FailUnknownTag(token.Value, _endTokenStack, token);
            }
        }
        finally
        {
            if (pop) _tagStack.Pop();
        }
    }

    private Stmt ParseFor()
    {
        var start = Next();
        var target = ParseAssignTarget(extraEnd: "in");
        ExpectName("in");
        var iterable = ParseTuple(withCondExpr: false, extraEnd: "recursive");
        bool wasSoft = _soft;
        _soft = false;
        try
        {
            Expr? test = null;
            if (SkipName("if")) test = ParseExpression();
            bool recursive = SkipName("recursive");
            _loopDepth++;
            Stmt[] body;
            try
            {
                body = ParseStatements(["endfor", "else"], dropNeedle: false);
            }
            finally
            {
                _loopDepth--;
            }
            Stmt[] elseBody = [];
            if (Next().Value != "endfor") elseBody = ParseStatements(["endfor"], dropNeedle: true);
            return new ForStmt(target, iterable, test, recursive, body, elseBody, start.Line, start.Column);
        }
        finally
        {
            _soft = wasSoft;
        }
    }

    private Stmt ParseIf()
    {
        var start = Next();
        bool wasSoft = _soft;
        _soft = true;
        try
        {
            var tests = new List<Expr>();
            var bodies = new List<Stmt[]>();
            Stmt[] elseBody = [];
            while (true)
            {
                tests.Add(ParseTuple(withCondExpr: false));
                bodies.Add(ParseStatements(["elif", "else", "endif"], dropNeedle: false));
                var token = Next();
                if (token.Value == "elif") continue;
                if (token.Value == "else") elseBody = ParseStatements(["endif"], dropNeedle: true);
                break;
            }
            return new IfStmt(tests.ToArray(), bodies.ToArray(), elseBody, start.Line, start.Column);
        }
        finally
        {
            _soft = wasSoft;
        }
    }

    private Stmt ParseSet()
    {
        var start = Next();
        var target = ParseAssignTarget(withNamespace: true);
        if (SkipOperator("="))
        {
            var value = ParseTuple(withCondExpr: true);
            return new SetStmt(target, value, start.Line, start.Column);
        }
        var filter = ParseFilter(null, startInline: false);
        var body = InnerScope(() => ParseStatements(["endset"], dropNeedle: true));
        return new SetBlockStmt(target, (FilterExpr?)filter, body, start.Line, start.Column);
    }

    private T InnerScope<T>(Func<T> parse, bool functionBoundary = false)
    {
        bool wasSoft = _soft;
        int loopDepth = _loopDepth;
        _soft = false;
        if (functionBoundary) _loopDepth = 0;
        try
        {
            return parse();
        }
        finally
        {
            _soft = wasSoft;
            _loopDepth = loopDepth;
        }
    }

    private (string[] Names, Expr?[] Defaults) ParseSignature()
    {
        var names = new List<string>();
        var defaults = new List<Expr?>();
        ExpectOperator("(");
        while (!Current.IsOperator(")"))
        {
            if (names.Count > 0) ExpectOperator(",");
            var name = Expect(TokenKind.Name, "name");
            names.Add(name.Value);
            if (SkipOperator("=")) defaults.Add(ParseExpression());
            else if (defaults.Any(d => d is not null)) throw Fail("non-default argument follows default argument");
            else defaults.Add(null);
        }
        ExpectOperator(")");
        return (names.ToArray(), defaults.ToArray());
    }

    private Stmt ParseMacro()
    {
        var start = Next();
        var name = Expect(TokenKind.Name, "name").Value;
        return InnerScope(() =>
        {
            var (names, defaults) = ParseSignature();
            var body = ParseStatements(["endmacro"], dropNeedle: true);
            return (Stmt)new MacroStmt(new MacroDefinition(name, names, defaults, body), start.Line, start.Column);
        }, functionBoundary: true);
    }

    private Stmt ParseCallBlock()
    {
        var start = Next();
        string[] names = [];
        Expr?[] defaults = [];
        if (Current.IsOperator("(")) (names, defaults) = InnerScope(ParseSignature, functionBoundary: true);
        var call = ParseExpression();
        if (call is not CallExpr callExpr) throw Fail("expected call", start);
        var body = InnerScope(() => ParseStatements(["endcall"], dropNeedle: true), functionBoundary: true);
        return new CallBlockStmt(callExpr, new MacroDefinition("caller", names, defaults, body), start.Line, start.Column);
    }

    private Stmt ParseFilterBlock()
    {
        var start = Next();
        var filter = (FilterExpr)ParseFilter(null, startInline: true)!;
        var body = InnerScope(() => ParseStatements(["endfilter"], dropNeedle: true));
        return new FilterBlockStmt(filter, body, start.Line, start.Column);
    }

    private Stmt ParseWith()
    {
        var start = Next();
        var targets = new List<AssignTarget>();
        var values = new List<Expr>();
        while (Current.Kind != TokenKind.BlockEnd)
        {
            if (targets.Count > 0) ExpectOperator(",");
            targets.Add(ParseAssignTarget());
            ExpectOperator("=");
            values.Add(ParseExpression());
        }
        var body = InnerScope(() => ParseStatements(["endwith"], dropNeedle: true));
        return new WithStmt(targets.ToArray(), values.ToArray(), body, start.Line, start.Column);
    }

    private Stmt ParseGeneration()
    {
        var start = Next();
        var body = InnerScope(() => ParseStatements(["endgeneration"], dropNeedle: true), functionBoundary: true);
        return new ScopeStmt(body, start.Line, start.Column);
    }

    private Stmt ParseLoopControl()
    {
        var token = Next();
        if (_loopDepth == 0) throw Fail($"'{token.Value}' outside loop", token);
        return new LoopControlStmt(token.Value == "break", token.Line, token.Column);
    }

    private AssignTarget ParseAssignTarget(string? extraEnd = null, bool withNamespace = false)
    {
        var start = Current;
        var items = new List<AssignTarget>();
        bool isTuple = false;
        while (true)
        {
            if (items.Count > 0) ExpectOperator(",");
            if (IsTupleEnd(extraEnd)) break;
            items.Add(ParseAssignPrimary(withNamespace));
            if (Current.IsOperator(",")) isTuple = true;
            else break;
        }
        if (!isTuple)
        {
            if (items.Count == 0) throw Fail($"Expected an expression, got '{Current.Describe()}'");
            return items[0];
        }
        return new TupleTarget(items.ToArray(), start.Line, start.Column);
    }

    private AssignTarget ParseAssignPrimary(bool withNamespace)
    {
        var token = Current;
        if (token.Kind == TokenKind.Name)
        {
            if (token.Value is "true" or "false" or "True" or "False" or "none" or "None") throw Fail("can't assign to 'const'", token);
            Next();
            if (withNamespace && Current.IsOperator("."))
            {
                Next();
                var attribute = Expect(TokenKind.Name, "name");
                return new NamespaceTarget(token.Value, attribute.Value, token.Line, token.Column);
            }
            return new NameTarget(token.Value, token.Line, token.Column);
        }
        if (token.IsOperator("("))
        {
            Next();
            var inner = Nested(() => ParseAssignTarget());
            ExpectOperator(")");
            return inner;
        }
        throw Fail($"can't assign to '{token.Describe()}'", token);
    }

    private bool IsTupleEnd(string? extraEnd)
    {
        var t = Current;
        if (t.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd || t.IsOperator(")")) return true;
        return extraEnd is not null && t.IsName(extraEnd);
    }

    private Expr ParseTuple(bool withCondExpr = true, string? extraEnd = null, bool explicitParentheses = false)
    {
        var start = Current;
        var items = new List<Expr>();
        bool isTuple = false;
        while (true)
        {
            if (items.Count > 0) ExpectOperator(",");
            if (IsTupleEnd(extraEnd)) break;
            items.Add(ParseExpression(withCondExpr));
            if (Current.IsOperator(",")) isTuple = true;
            else break;
        }
        if (!isTuple)
        {
            if (items.Count > 0) return items[0];
            if (!explicitParentheses) throw Fail($"Expected an expression, got '{Current.Describe()}'");
        }
        return new TupleExpr(items.ToArray(), start.Line, start.Column);
    }

    private Expr ParseExpression(bool withCondExpr = true)
    {
        if (++_nesting > MaxNesting) throw Fail($"expression nested more than {MaxNesting} levels deep");
        try
        {
            return withCondExpr ? ParseCondExpr() : ParseOr();
        }
        finally
        {
            _nesting--;
        }
    }

    private Expr ParseCondExpr()
    {
        var start = Current;
        var expr1 = ParseOr();
        while (SkipName("if"))
        {
            bool wasSoft = _soft;
            _soft = true;
            try
            {
                var expr2 = ParseOr();
                Expr? expr3 = SkipName("else") ? Nested(ParseCondExpr) : null;
                expr1 = new CondExpr(expr2, expr1, expr3, start.Line, start.Column);
            }
            finally
            {
                _soft = wasSoft;
            }
            start = Current;
        }
        return expr1;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            var op = Next();
            left = new LogicalExpr(false, left, ParseAnd(), op.Line, op.Column);
        }
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            var op = Next();
            left = new LogicalExpr(true, left, ParseNot(), op.Line, op.Column);
        }
        return left;
    }

    private Expr ParseNot()
    {
        if (Current.IsName("not"))
        {
            var op = Next();
            return new NotExpr(Nested(ParseNot), op.Line, op.Column);
        }
        return ParseCompare();
    }

    private T Nested<T>(Func<T> parse)
    {
        if (++_nesting > MaxNesting) throw Fail($"expression nested more than {MaxNesting} levels deep");
        try
        {
            return parse();
        }
        finally
        {
            _nesting--;
        }
    }

    private Expr ParseCompare()
    {
        var start = Current;
        var expr = ParseMath1();
        var ops = new List<(string, Expr)>();
        while (true)
        {
            var t = Current;
            if (t.Kind == TokenKind.Operator && CompareOps.Contains(t.Value))
            {
                Next();
                ops.Add((t.Value, ParseMath1()));
            }
            else if (t.IsName("in"))
            {
                Next();
                ops.Add(("in", ParseMath1()));
            }
            else if (t.IsName("not") && Peek().IsName("in"))
            {
                Next();
                Next();
                ops.Add(("notin", ParseMath1()));
            }
            else break;
        }
        return ops.Count == 0 ? expr : new CompareExpr(expr, ops.ToArray(), start.Line, start.Column);
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Current.IsOperator("+") || Current.IsOperator("-"))
        {
            var op = Next();
            left = new BinaryExpr(op.Value == "+" ? BinaryOp.Add : BinaryOp.Sub, left, ParseConcat(), op.Line, op.Column);
        }
        return left;
    }

    private Expr ParseConcat()
    {
        var start = Current;
        var items = new List<Expr> { ParseMath2() };
        while (SkipOperator("~")) items.Add(ParseMath2());
        return items.Count == 1 ? items[0] : new ConcatExpr(items.ToArray(), start.Line, start.Column);
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind == TokenKind.Operator && Current.Value is "*" or "/" or "//" or "%")
        {
            var op = Next();
            var kind = op.Value switch
            {
                "*" => BinaryOp.Mul,
                "/" => BinaryOp.Div,
                "//" => BinaryOp.FloorDiv,
                _ => BinaryOp.Mod,
            };
            left = new BinaryExpr(kind, left, ParsePow(), op.Line, op.Column);
        }
        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (Current.IsOperator("**"))
        {
            var op = Next();
            left = new BinaryExpr(BinaryOp.Pow, left, ParseUnary(withFilter: true), op.Line, op.Column);
        }
        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        var t = Current;
        Expr node;
        if (t.IsOperator("-") || t.IsOperator("+"))
        {
            Next();
            node = new UnaryExpr(t.Value == "-", Nested(() => ParseUnary(withFilter: false)), t.Line, t.Column);
        }
        else
        {
            node = ParsePrimary();
        }
        node = ParsePostfix(node);
        if (withFilter) node = ParseFilterExpr(node);
        return node;
    }

    private Expr ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Name:
                Next();
                return t.Value switch
                {
                    "true" or "True" => new ConstExpr(PyOps.True, t.Line, t.Column),
                    "false" or "False" => new ConstExpr(PyOps.False, t.Line, t.Column),
                    "none" or "None" => new ConstExpr(null, t.Line, t.Column),
                    _ => new NameExpr(t.Value, t.Line, t.Column),
                };
            case TokenKind.String:
                {
                    Next();
                    if (Current.Kind != TokenKind.String) return new ConstExpr(t.Value, t.Line, t.Column);
                    var text = new System.Text.StringBuilder(t.Value);
                    while (Current.Kind == TokenKind.String) text.Append(Next().Value);
                    return new ConstExpr(text.ToString(), t.Line, t.Column);
                }
            case TokenKind.Integer:
                Next();
                return new ConstExpr(PyOps.Box((long)t.Number!), t.Line, t.Column);
            case TokenKind.Float:
                Next();
                return new ConstExpr(t.Number, t.Line, t.Column);
            case TokenKind.Operator when t.Value == "(":
                {
                    Next();
                    var inner = Nested(() => ParseTuple(explicitParentheses: true));
                    ExpectOperator(")");
                    return inner;
                }
            case TokenKind.Operator when t.Value == "[":
                return Nested(ParseList);
            case TokenKind.Operator when t.Value == "{":
                return Nested(ParseDict);
            case TokenKind.Eof:
                throw Fail("Unexpected end of template.");
            default:
                throw Fail($"unexpected '{t.Describe()}'");
        }
    }

    private Expr ParseList()
    {
        var start = Next();
        var items = new List<Expr>();
        while (!Current.IsOperator("]"))
        {
            if (items.Count > 0) ExpectOperator(",");
            if (Current.IsOperator("]")) break;
            items.Add(ParseExpression());
        }
        ExpectOperator("]");
        return new ListExpr(items.ToArray(), start.Line, start.Column);
    }

    private Expr ParseDict()
    {
        var start = Next();
        var pairs = new List<(Expr, Expr)>();
        while (!Current.IsOperator("}"))
        {
            if (pairs.Count > 0) ExpectOperator(",");
            if (Current.IsOperator("}")) break;
            var key = ParseExpression();
            ExpectOperator(":");
            pairs.Add((key, ParseExpression()));
        }
        ExpectOperator("}");
        return new DictExpr(pairs.ToArray(), start.Line, start.Column);
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator(".") || Current.IsOperator("[")) node = ParseSubscript(node);
            else if (Current.IsOperator("(")) node = ParseCall(node);
            else return node;
        }
    }

    private Expr ParseFilterExpr(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator("|")) node = ParseFilter(node, startInline: false)!;
            else if (Current.IsName("is")) node = ParseTest(node);
            else if (Current.IsOperator("(")) node = ParseCall(node);
            else return node;
        }
    }

    private Expr ParseSubscript(Expr node)
    {
        var token = Next();
        if (token.Value == ".")
        {
            var attr = Current;
            Next();
            if (attr.Kind == TokenKind.Name) return new GetattrExpr(node, attr.Value, token.Line, token.Column);
            if (attr.Kind != TokenKind.Integer) throw Fail("expected name or number", attr);
            return new GetitemExpr(node, new ConstExpr(PyOps.Box((long)attr.Number!), attr.Line, attr.Column), token.Line, token.Column);
        }
        var args = new List<Expr>();
        while (!Current.IsOperator("]"))
        {
            if (args.Count > 0) ExpectOperator(",");
            args.Add(ParseSubscribed());
        }
        ExpectOperator("]");
        var key = args.Count == 1 ? args[0] : new TupleExpr(args.ToArray(), token.Line, token.Column);
        return new GetitemExpr(node, key, token.Line, token.Column);
    }

    private Expr ParseSubscribed()
    {
        var start = Current;
        var parts = new List<Expr?>();
        if (Current.IsOperator(":"))
        {
            Next();
            parts.Add(null);
        }
        else
        {
            var node = ParseExpression();
            if (!Current.IsOperator(":")) return node;
            Next();
            parts.Add(node);
        }
        if (Current.IsOperator(":")) parts.Add(null);
        else if (!Current.IsOperator("]") && !Current.IsOperator(",")) parts.Add(ParseExpression());
        else parts.Add(null);
        if (Current.IsOperator(":"))
        {
            Next();
            parts.Add(!Current.IsOperator("]") && !Current.IsOperator(",") ? ParseExpression() : null);
        }
        else parts.Add(null);
        return new SliceExpr(parts[0], parts[1], parts[2], start.Line, start.Column);
    }

    private ArgumentList ParseCallArgs()
    {
        var open = Current;
        ExpectOperator("(");
        var args = new List<Expr>();
        var kwargs = new List<(string, Expr)>();
        Expr? dynArgs = null;
        Expr? dynKwargs = null;
        bool requireComma = false;
        void Ensure(bool ok)
        {
            if (!ok) throw Fail("invalid syntax for function call expression", open);
        }
        while (!Current.IsOperator(")"))
        {
            if (requireComma)
            {
                ExpectOperator(",");
                if (Current.IsOperator(")")) break;
            }
            if (Current.IsOperator("*"))
            {
                Ensure(dynArgs is null && dynKwargs is null);
                Next();
                dynArgs = ParseExpression();
            }
            else if (Current.IsOperator("**"))
            {
                Ensure(dynKwargs is null);
                Next();
                dynKwargs = ParseExpression();
            }
            else if (Current.Kind == TokenKind.Name && Peek().IsOperator("="))
            {
                Ensure(dynKwargs is null);
                string key = Next().Value;
                Next();
                kwargs.Add((key, ParseExpression()));
            }
            else
            {
                Ensure(dynArgs is null && dynKwargs is null && kwargs.Count == 0);
                args.Add(ParseExpression());
            }
            requireComma = true;
        }
        ExpectOperator(")");
        return new ArgumentList(args.ToArray(), kwargs.ToArray(), dynArgs, dynKwargs);
    }

    private Expr ParseCall(Expr node)
    {
        var token = Current;
        return new CallExpr(node, Nested(ParseCallArgs), token.Line, token.Column);
    }

    private Expr? ParseFilter(Expr? node, bool startInline)
    {
        while (Current.IsOperator("|") || startInline)
        {
            if (!startInline) Next();
            var token = Expect(TokenKind.Name, "name");
            string name = token.Value;
            while (Current.IsOperator("."))
            {
                Next();
                name += "." + Expect(TokenKind.Name, "name").Value;
            }
            var args = Current.IsOperator("(") ? ParseCallArgs() : ArgumentList.Empty;
            FilterFunction? function = null;
            if (!FilterRegistry.TryGet(name, out var found))
            {
                if (!_soft) throw Fail($"No filter named '{name}'.", token);
            }
            else
            {
                function = found;
            }
            node = new FilterExpr(node, name, function, args, token.Line, token.Column);
            startInline = false;
        }
        return node;
    }

    private Expr ParseTest(Expr node)
    {
        var isToken = Next();
        bool negated = SkipName("not");
        var nameToken = Expect(TokenKind.Name, "name");
        string name = nameToken.Value;
        while (Current.IsOperator("."))
        {
            Next();
            name += "." + Expect(TokenKind.Name, "name").Value;
        }
        ArgumentList args;
        var t = Current;
        if (t.IsOperator("("))
        {
            args = ParseCallArgs();
        }
        else if ((t.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float || t.IsOperator("[") || t.IsOperator("{"))
                 && !t.IsName("else") && !t.IsName("or") && !t.IsName("and"))
        {
            if (t.IsName("is")) throw Fail("You cannot chain multiple tests with is");
            var arg = ParsePostfix(ParsePrimary());
            args = new ArgumentList([arg], [], null, null);
        }
        else
        {
            args = ArgumentList.Empty;
        }
        TestFunction? function = null;
        if (!TestRegistry.TryGet(name, out var found))
        {
            if (!_soft) throw Fail($"No test named '{name}'.", nameToken);
        }
        else
        {
            function = found;
        }
        Expr result = new TestExpr(node, name, function, args, isToken.Line, isToken.Column);
        if (negated) result = new NotExpr(result, isToken.Line, isToken.Column);
        return result;
    }
}
