using LlamaChat.Gguf;

namespace LlamaChat.Tests.Gguf;

public class GgufMetadataTests
{
    private static readonly GgufMetadata Metadata = new(new Dictionary<string, GgufValue>
    {
        ["general.architecture"] = GgufValue.Of("llama"),
        ["llama.context_length"] = GgufValue.Of(2048u),
        ["big"] = GgufValue.Of(ulong.MaxValue),
        ["neg"] = GgufValue.Of(-5),
        ["f"] = GgufValue.Of(0.5f),
        ["flag"] = GgufValue.Of(true),
        ["ids"] = GgufValue.Of(new[] { 1, 2 }),
        ["names"] = GgufValue.Of(new[] { "x" }),
    });

    [Fact]
    public void IntegerGettersConvertBetweenWidths()
    {
        Assert.Equal(2048, Metadata.GetInt32("llama.context_length"));
        Assert.Equal(2048L, Metadata.GetInt64("llama.context_length"));
        Assert.Equal(2048UL, Metadata.GetUInt64("llama.context_length"));
        Assert.Equal(2048.0, Metadata.GetDouble("llama.context_length"));
        Assert.Equal(ulong.MaxValue, Metadata.GetUInt64("big"));
        Assert.False(Metadata.TryGetInt64("big", out _));
        Assert.False(Metadata.TryGetUInt32("neg", out _));
        Assert.Equal(-5, Metadata.GetInt64("neg"));
        Assert.Equal(0.5, Metadata.GetDouble("f"));
        Assert.True(Metadata.GetBoolean("flag"));
    }

    [Fact]
    public void MissingKeyAndWrongTypeThrowSpecificExceptions()
    {
        var missing = Assert.Throws<GgufMetadataException>(() => Metadata.GetString("general.name"));
        Assert.Equal("general.name", missing.Key);
        Assert.Contains("missing", missing.Message);

        var wrong = Assert.Throws<GgufMetadataException>(() => Metadata.GetString("llama.context_length"));
        Assert.Contains("UInt32 2048", wrong.Message);
        Assert.Contains("not a string", wrong.Message);

        Assert.Throws<GgufMetadataException>(() => Metadata.GetInt32("general.architecture"));
        Assert.Throws<GgufMetadataException>(() => Metadata.GetArray<float>("ids"));
        Assert.Throws<GgufMetadataException>(() => Metadata["nope"]);
        Assert.False(Metadata.TryGetString("nope", out _));
        Assert.False(Metadata.TryGetBoolean("neg", out _));
    }

    [Fact]
    public void ArraysAreReadTyped()
    {
        Assert.Equal(new[] { 1, 2 }, Metadata.GetArray<int>("ids"));
        Assert.Equal(new[] { "x" }, Metadata.GetStringArray("names"));
        Assert.Equal(2, Metadata.GetArrayLength("ids"));
        Assert.Null(Metadata.GetArrayLength("flag"));
        Assert.Throws<InvalidOperationException>(() => Metadata["ids"].AsString());
    }

    [Fact]
    public void DuplicateKeysAreRejected()
    {
        var pairs = new[] { new KeyValuePair<string, GgufValue>("a", GgufValue.Of(1)), new KeyValuePair<string, GgufValue>("a", GgufValue.Of(2)) };
        Assert.Throws<ArgumentException>(() => new GgufMetadata(pairs));
    }

    [Fact]
    public void ArrayOfChecksItemTypes()
    {
        var ok = GgufValue.ArrayOf(GgufValueType.UInt16, [GgufValue.Of((ushort)1), GgufValue.Of((ushort)2)]);
        Assert.Equal(new ushort[] { 1, 2 }, ok.AsArray<ushort>());
        Assert.Throws<ArgumentException>(() => GgufValue.ArrayOf(GgufValueType.UInt16, [GgufValue.Of(1)]));
        Assert.Throws<ArgumentException>(() => GgufValue.ArrayOf([GgufValue.Of(1)]));
    }
}
