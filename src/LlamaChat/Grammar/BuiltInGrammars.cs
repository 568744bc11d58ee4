namespace LlamaChat.Grammar;

/// <summary>
/// The GBNF text of the built-in grammars (<see cref="LlamaGrammar.BuiltIn"/>). Written for LlamaChat; the set of
/// names matches node-llama-cpp's <c>getGrammarFor</c>. Whitespace is bounded wherever a model could otherwise
/// stall in it.
/// </summary>
internal static class BuiltInGrammars
{
    public const string Json = """
        # One JSON object.
        root   ::= object
        value  ::= object | array | string | number | "true" | "false" | "null"
        object ::= "{" ws ( pair ( "," ws pair )* ws )? "}"
        pair   ::= string ws ":" ws value
        array  ::= "[" ws ( value ws ( "," ws value ws )* )? "]"
        string ::= "\"" ( [^"\\\x00-\x1F\x7F] | "\\" ( ["\\/bfnrt] | "u" [0-9a-fA-F]{4} ) )* "\""
        number ::= "-"? ( "0" | [1-9] [0-9]{0,15} ) ( "." [0-9]{1,16} )? ( [eE] [-+]? [0-9]{1,3} )?
        # At most one line break, then indentation.
        ws     ::= ( " " | "\n" [ \t]{0,40} )?
        """;

    public const string JsonArray = """
        # One JSON array.
        root   ::= array
        value  ::= object | array | string | number | "true" | "false" | "null"
        object ::= "{" ws ( pair ( "," ws pair )* ws )? "}"
        pair   ::= string ws ":" ws value
        array  ::= "[" ws ( value ws ( "," ws value ws )* )? "]"
        string ::= "\"" ( [^"\\\x00-\x1F\x7F] | "\\" ( ["\\/bfnrt] | "u" [0-9a-fA-F]{4} ) )* "\""
        number ::= "-"? ( "0" | [1-9] [0-9]{0,15} ) ( "." [0-9]{1,16} )? ( [eE] [-+]? [0-9]{1,3} )?
        ws     ::= ( " " | "\n" [ \t]{0,40} )?
        """;

    public const string List = """
        # A bulleted list, one item per line.
        root ::= item+
        item ::= "- " text "\n"
        text ::= [^\r\n\x0B\x0C\u0085\u2028\u2029]+
        """;

    public const string Arithmetic = """
        # Equations such as "2 * (x + 1) = 14", one per line.
        root     ::= equation ( "\n" equation )* "\n"?
        equation ::= sum ws "=" ws sum
        sum      ::= product ( ws [-+] ws product )*
        product  ::= factor ( ws [*/] ws factor )*
        factor   ::= "-"? ( number | name | "(" ws sum ws ")" )
        number   ::= [0-9]{1,16} ( "." [0-9]{1,16} )?
        name     ::= [a-zA-Z] [a-zA-Z0-9_]{0,31}
        ws       ::= " "?
        """;

    public const string C = """
        # A small subset of C: global variables and functions.
        root      ::= ws ( item ws )+
        item      ::= function | variable
        function  ::= type " " name "(" ws params? ws ")" ws block
        params    ::= "void" | param ( "," ws param )*
        param     ::= type " " name
        variable  ::= type " " name ( ws "=" ws expr )? ";"
        type      ::= "const "? "unsigned "? ( "int" | "char" | "long" | "short" | "float" | "double" | "void" | "size_t" | "bool" ) "*"*
        block     ::= "{" ws ( statement ws )* "}"
        statement ::= (
            variable
          | block
          | expr ";"
          | "return" ( " " expr )? ";"
          | "if" ws "(" ws expr ws ")" ws statement ( ws "else" ws statement )?
          | "while" ws "(" ws expr ws ")" ws statement
          | "for" ws "(" ws expr? ";" ws expr? ";" ws expr? ")" ws statement
          | "break;"
          | "continue;"
        )
        expr      ::= unary ( ws binop ws unary )*
        unary     ::= [-!~&*]? primary ( "++" | "--" )?
        primary   ::= name call? | number | string | char | "(" ws expr ws ")"
        call      ::= "(" ws ( expr ( "," ws expr )* )? ws ")"
        binop     ::= "=" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "%" | "&&" | "||" | "+=" | "-=" | "&" | "|" | "^" | "<<" | ">>"
        name      ::= [a-zA-Z_] [a-zA-Z0-9_]*
        number    ::= [0-9]+ ( "." [0-9]+ )? [uUlLfF]?
        string    ::= "\"" ( [^"\\\n] | "\\" [^\n] )* "\""
        char      ::= "'" ( [^'\\\n] | "\\" [^\n] ) "'"
        ws        ::= ( [ \t\n] | comment )*
        comment   ::= "//" [^\n]* "\n"
        """;

    public const string Chess = """
        # Numbered chess moves in standard algebraic notation: "1. e4 e5 2. Nf3 Nc6".
        root       ::= turn ( " " turn )*
        turn       ::= [1-9] [0-9]{0,2} ". " move ( " " move )?
        move       ::= ( piece-move | pawn-move | castle ) check?
        piece-move ::= [KQRBN] [a-h]? [1-8]? "x"? square
        pawn-move  ::= ( [a-h] "x" )? square promotion?
        promotion  ::= "=" [QRBN]
        castle     ::= "O-O" "-O"?
        square     ::= [a-h] [1-8]
        check      ::= [+#]
        """;

    public const string English = """
        # Plain English sentences.
        root     ::= sentence ( " " sentence )* "\n"?
        sentence ::= word ( ","? " " word )* [.!?]
        word     ::= [A-Za-z]+ ( "'" [A-Za-z]+ )? | [0-9]+
        """;

    public const string Japanese = """
        # Japanese text: kana, kanji and Japanese punctuation, line by line.
        root  ::= line ( "\n" line )* "\n"?
        line  ::= jchar+
        jchar ::= [\u3041-\u3096\u309D-\u309F\u30A1-\u30FA\u30FC-\u30FF\u4E00-\u9FFF\u3005\u3001\u3002\u300C\u300D\uFF01\uFF1F\u3000\uFF10-\uFF190-9]
        """;

    /// <summary>Returns the GBNF of a built-in grammar, or <c>null</c> for an unknown name.</summary>
    public static string? Get(string name) => name switch
    {
        "json" => Json,
        "json_arr" => JsonArray,
        "list" => List,
        "arithmetic" => Arithmetic,
        "c" => C,
        "chess" => Chess,
        "english" => English,
        "japanese" => Japanese,
        _ => null,
    };

    public static readonly IReadOnlyList<string> Names =
        new[] { "json", "json_arr", "list", "arithmetic", "c", "chess", "english", "japanese" };
}
