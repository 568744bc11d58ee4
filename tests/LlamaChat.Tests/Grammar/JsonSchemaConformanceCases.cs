namespace LlamaChat.Tests.Grammar;

/// <summary>
/// The schema table of the JSON-schema conformance suite: each schema, a name, and documents the grammar and
/// <c>Parse</c> must both reject. Together the schemas use every supported keyword.
/// </summary>
internal static class JsonSchemaConformanceCases
{
    /// <param name="Name">A short name.</param>
    /// <param name="Schema">The schema given to LlamaChat.</param>
    /// <param name="Invalid">Documents the schema forbids: the grammar and Parse must reject them.</param>
    /// <param name="Stricter">Documents JSON Schema allows but the grammar deliberately does not (property order,
    /// complete tuples, canonical numbers): the grammar rejects them, Parse still accepts them.</param>
    /// <param name="Standard">The same schema in plain JSON Schema for JsonSchema.Net, when LlamaChat's input uses extensions.</param>
    public sealed record Case(string Name, string Schema, string[] Invalid, string[]? Stricter = null, string? Standard = null);

    public static readonly Case[] All =
    {
        new("string", """{"type":"string"}""", new[] { "1", "'a'", "\"a" }),
        new("string-length", """{"type":"string","minLength":2,"maxLength":5}""", new[] { "\"a\"", "\"abcdef\"", "\"\"" }),
        new("string-long-max", """{"type":"string","maxLength":3000}""", new[] { "null" }),
        new("integer", """{"type":"integer"}""", new[] { "1.5", "\"1\"", "01" }, Stricter: new[] { "1e5", "1.0" }),
        new("number", """{"type":"number"}""", new[] { "\"1\"", ".5", "1.", "+1", "NaN" }),
        new("boolean", """{"type":"boolean"}""", new[] { "\"true\"", "1", "True" }),
        new("null", """{"type":"null"}""", new[] { "\"null\"", "0", "{}" }),
        new("type-array", """{"type":["string","null"]}""", new[] { "1", "false", "[]" }),
        new("type-array-3", """{"type":["integer","boolean","null"],"minimum":0,"maximum":3}""", new[] { "4", "-1", "\"x\"", "1.5" }),
        new("const-string", """{"const":"yes"}""", new[] { "\"no\"", "\"yes \"", "yes" }),
        new("const-object", """{"const":{"a":[1,2],"b":"x\"y"}}""", new[] { "{\"a\":[1,2]}" }, Stricter: new[] { "{\"b\":\"x\\\"y\",\"a\":[1,2]}", "{\"a\": [1, 2], \"b\": \"x\\\"y\"}" }),
        new("enum-mixed", """{"enum":[1,"a",null,true,{"k":2}]}""", new[] { "2", "\"b\"", "false", "{\"k\":3}" }),
        new("enum-with-type", """{"type":"string","enum":["x","y",3]}""", new[] { "3", "\"z\"" }),
        new("oneOf-seed", """{"oneOf":[{"type":"null"},{"type":"string"}]}""", new[] { "1", "[]" }),
        new("anyOf", """{"anyOf":[{"type":"integer","minimum":0,"maximum":9},{"type":"string","maxLength":3}]}""", new[] { "10", "\"abcd\"", "null" }),
        new("object-all-required", """{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}}}""",
            new[] { "{\"name\":\"a\"}", "{\"name\":\"a\",\"age\":1,\"x\":2}", "{}" }, Stricter: new[] { "{\"age\":1,\"name\":\"a\"}" }),
        new("object-required-subset", """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"},"c":{"type":"boolean"}},"required":["b"]}""",
            new[] { "{\"a\":1}", "{}", "{\"b\":\"x\",\"d\":1}" }, Stricter: new[] { "{\"b\":\"x\",\"a\":1}" }),
        new("object-all-optional", """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":[]}""",
            new[] { "{\"c\":1}", "{\"a\":\"1\"}" }, Stricter: new[] { "{\"b\":1,\"a\":2}" }),
        new("additional-true", """{"type":"object","properties":{"id":{"type":"integer"}},"additionalProperties":true}""",
            new[] { "{\"x\":1}", "{\"id\":\"1\"}" }),
        new("additional-schema-only", """{"type":"object","additionalProperties":{"type":"integer"}}""", new[] { "{\"a\":\"x\"}", "[]" }),
        new("additional-schema-with-props", """{"type":"object","properties":{"kind":{"const":"point"}},"additionalProperties":{"type":"number"}}""",
            new[] { "{\"kind\":\"point\",\"x\":\"1\"}", "{\"x\":1}", "{\"kind\":\"line\"}" }),
        new("object-min-max-properties", """{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":{"type":"boolean"},"minProperties":2,"maxProperties":3}""",
            new[] { "{\"a\":1}", "{\"a\":1,\"b\":true,\"c\":false,\"d\":true}", "{\"a\":1,\"b\":1}" }),
        new("open-object", """{"type":"object"}""", new[] { "[]", "{\"a\":}" }),
        new("array-items", """{"type":"array","items":{"type":"string"}}""", new[] { "[1]", "[\"a\",]", "{}" }),
        new("array-min-max", """{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":4}""", new[] { "[1]", "[1,2,3,4,5]", "[]" }),
        new("tuple-closed", """{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":false}""",
            new[] { "[\"a\",1,2]", "[1,\"a\"]" }, Stricter: new[] { "[\"a\"]", "[]" }),
        new("tuple-open", """{"type":"array","prefixItems":[{"const":"op"}],"items":{"type":"boolean"},"maxItems":3}""",
            new[] { "[\"op\",true,false,true]", "[\"op\",1]", "[true]" }),
        new("tuple-draft7", """{"$schema":"http://json-schema.org/draft-07/schema#","type":"array","items":[{"type":"integer"},{"type":"null"}],"additionalItems":{"type":"string"}}""",
            new[] { "[1,null,2]", "[null,1]" }),
        new("format-date", """{"type":"string","format":"date"}""", new[] { "\"2023-02-30\"", "\"2023-13-01\"", "\"2023-1-01\"", "\"2023-02-29\"" }),
        new("format-time", """{"type":"string","format":"time"}""", new[] { "\"24:00:00Z\"", "\"12:60:00Z\"", "\"12:00:00\"" }),
        new("format-date-time", """{"type":"string","format":"date-time"}""", new[] { "\"2024-01-01 12:00:00Z\"", "\"2024-01-01T12:00Z\"" }, Stricter: new[] { "\"2024-01-01t12:00:00z\"" }),
        new("format-uuid", """{"type":"string","format":"uuid"}""", new[] { "\"123\"", "\"g2345678-1234-1234-1234-123456789012\"" }),
        new("format-email", """{"type":"string","format":"email"}""", new[] { "\"a@\"", "\"@b.com\"", "\"a b@c.com\"" }),
        new("format-uri", """{"type":"string","format":"uri"}""", new[] { "\"not a uri\"", "\"/relative/path\"" }),
        new("format-ipv4", """{"type":"string","format":"ipv4"}""", new[] { "\"256.1.1.1\"", "\"1.2.3\"", "\"01.2.3.4\"" }),
        new("ref-recursive-tree", """
            {"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"value":{"type":"integer"},
             "children":{"type":"array","items":{"$ref":"#/$defs/node"},"maxItems":3}}}}}
            """, new[] { "{\"value\":1}", "{\"value\":1,\"children\":[{\"value\":2}]}" }),
        new("ref-definitions", """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"home":{"$ref":"#/definitions/address"},"work":{"$ref":"#/definitions/address"}},
             "definitions":{"address":{"type":"object","properties":{"city":{"type":"string","maxLength":20}}}}}
            """, new[] { "{\"home\":{\"city\":\"x\"}}", "{\"home\":{},\"work\":{}}" }),
        new("ref-with-siblings", """
            {"type":"object","properties":{"p":{"$ref":"#/$defs/base","required":["a"]}},
             "$defs":{"base":{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"required":[]}}}
            """, new[] { "{\"p\":{\"b\":\"x\"}}", "{\"p\":{}}" }),
        new("allOf-merge", """
            {"allOf":[{"type":"object","properties":{"a":{"type":"integer"}}},{"properties":{"b":{"type":"string"}},"required":["b"]}]}
            """, new[] { "{\"b\":\"x\"}", "{\"a\":1}", "{\"a\":1,\"b\":\"x\",\"c\":1}" }),
        new("oneOf-with-siblings", """
            {"type":"object","properties":{"kind":{"type":"string"}},"oneOf":[
              {"properties":{"kind":{"const":"circle"},"r":{"type":"number","minimum":0}}},
              {"properties":{"kind":{"const":"square"},"side":{"type":"integer"}}}]}
            """, new[] { "{\"kind\":\"circle\",\"side\":1}", "{\"kind\":\"triangle\"}", "{\"kind\":\"square\",\"side\":-1.5}" }),
        new("pattern-anchored", """{"type":"string","pattern":"^[A-Z]{3}-\\d{2,4}$"}""", new[] { "\"AB-12\"", "\"ABC-1\"", "\"abc-123\"", "\"ABC-12345\"" }),
        new("pattern-unanchored", """{"type":"string","pattern":"ab+c"}""", new[] { "\"ac\"", "\"xyz\"", "\"a b c\"" }),
        new("pattern-groups", """{"type":"string","pattern":"^(cat|dog)s?( and (cat|dog)s?)*$"}""", new[] { "\"cow\"", "\"cats and\"", "\"catss\"" }),
        new("pattern-negated-class", """{"type":"string","pattern":"^[^aeiou\\s]{1,8}$"}""", new[] { "\"a\"", "\"xyz abc\"", "\"\"", "\"bcdfghjkl\"" }),
        new("pattern-escapes", """{"type":"string","pattern":"^a\"b\\\\c\\.(?:x|y){2}\\t?$"}""", new[] { "\"a\\\"b\\\\c.x\"", "\"abc.xy\"" }),
        new("pattern-dot-word", """{"type":"string","pattern":"^\\w+@.{1,5}$"}""", new[] { "\"@abc\"", "\"a@\"", "\"a@123456\"" }),
        new("integer-range", """{"type":"integer","minimum":-50,"maximum":1234}""", new[] { "-51", "1235", "12.5", "01234" }, Stricter: new[] { "-0", "7.0" }),
        new("integer-exclusive", """{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":100}""", new[] { "0", "100", "-1" }),
        new("integer-min-only", """{"type":"integer","minimum":1000}""", new[] { "999", "-1000", "0" }),
        new("integer-max-only", """{"type":"integer","maximum":-7}""", new[] { "-6", "0", "7" }),
        new("integer-fractional-bounds", """{"type":"integer","minimum":1.5,"maximum":9.5}""", new[] { "1", "10", "5.5" }),
        new("number-range", """{"type":"number","minimum":-5,"maximum":10}""", new[] { "-5.5", "10.01", "11", "-6", "1e2" }),
        new("number-exclusive", """{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1}""", new[] { "0", "1", "1.5", "-0.5" }),
        new("nested", """
            {"type":"object","properties":{"orders":{"type":"array","maxItems":3,"items":{"type":"object",
              "properties":{"sku":{"type":"string","pattern":"^[A-Z]{2}[0-9]{3}$"},"qty":{"type":"integer","minimum":1,"maximum":99},
              "tags":{"type":"array","items":{"enum":["new","sale"]}}},"required":["sku","qty"]}}}}
            """, new[] { "{\"orders\":[{\"sku\":\"AB123\"}]}", "{\"orders\":[{\"sku\":\"AB123\",\"qty\":0}]}", "{\"orders\":[{\"sku\":\"ab123\",\"qty\":1}]}" }),
        new("seed", """
            {"type":"object","properties":{"positiveWordsInUserMessage":{"type":"array","items":{"type":"string"}},
             "userMessagePositivityScoreFromOneToTen":{"enum":[1,2,3,4,5,6,7,8,9,10]},
             "nameOfUser":{"oneOf":[{"type":"null"},{"type":"string"}]}}}
            """, new[] { "{\"positiveWordsInUserMessage\":[],\"userMessagePositivityScoreFromOneToTen\":11,\"nameOfUser\":null}" }),
        new("any", """{}""", new[] { "", "{", "[1,]", "tru" }),
        new("nullable-openapi", """{"type":"integer","nullable":true,"maximum":5}""", new[] { "6", "\"null\"" }, Standard: """{"type":["integer","null"],"maximum":5}"""),
        new("annotations-ignored", """{"title":"T","description":"D","$comment":"c","examples":[1],"default":2,"type":"integer","x-vendor":true}""", new[] { "\"1\"" },
            Standard: """{"title":"T","description":"D","$comment":"c","examples":[1],"default":2,"type":"integer"}"""),
        new("unicode-keys-and-values", """{"type":"object","properties":{"名前":{"type":"string","minLength":1},"emoji\"key":{"const":"😀"}}}""",
            new[] { "{\"名前\":\"\",\"emoji\\\"key\":\"😀\"}" }),
    };
}
