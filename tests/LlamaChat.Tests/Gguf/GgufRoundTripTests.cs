using LlamaChat.Gguf;

namespace LlamaChat.Tests.Gguf;

public class GgufRoundTripTests
{
    private static async Task<(GgufFileInfo Info, string Path)> WriteAndReadAsync(GgufWriter writer)
    {
        var path = Path.Combine(GgufTestFiles.NewTempDirectory(), "roundtrip.gguf");
        await writer.WriteAsync(path);
        Assert.Equal(writer.ComputeFileSize(), new FileInfo(path).Length);
        return (await GgufFileInfo.ReadAsync(path), path);
    }

    public static TheoryData<string, GgufValue> ScalarValues() => new()
    {
        { "u8", GgufValue.Of((byte)200) },
        { "i8", GgufValue.Of((sbyte)-100) },
        { "u16", GgufValue.Of((ushort)60000) },
        { "i16", GgufValue.Of((short)-30000) },
        { "u32", GgufValue.Of(4_000_000_000u) },
        { "i32", GgufValue.Of(-2_000_000_000) },
        { "u64", GgufValue.Of(ulong.MaxValue) },
        { "i64", GgufValue.Of(long.MinValue) },
        { "f32", GgufValue.Of(3.25f) },
        { "f64", GgufValue.Of(-1e300) },
        { "bool_true", GgufValue.Of(true) },
        { "bool_false", GgufValue.Of(false) },
        { "string", GgufValue.Of("héllo 🦙 \n\"quoted\"") },
        { "empty_string", GgufValue.Of("") },
    };

    [Theory]
    [MemberData(nameof(ScalarValues))]
    public async Task ScalarValueRoundTrips(string key, GgufValue value)
    {
        var (info, _) = await WriteAndReadAsync(new GgufWriter().SetMetadata(key, value));
        var read = info.Metadata[key];
        Assert.Equal(value.Type, read.Type);
        Assert.Equal(value, read);
    }

    [Fact]
    public async Task HeadWidthsComeFromTheirKeysBeforeTheEmbeddingSplit()
    {
        var writer = new GgufWriter()
            .SetMetadata("general.architecture", GgufValue.Of("llama"))
            .SetMetadata("llama.embedding_length", GgufValue.Of(2048u))
            .SetMetadata("llama.attention.head_count", GgufValue.Of(16u))
            .SetMetadata("llama.attention.key_length", GgufValue.Of(192u));
        var (info, _) = await WriteAndReadAsync(writer);
        Assert.Equal(192, info.KeyLength);
        Assert.Equal(128, info.ValueLength);
        var (headless, _) = await WriteAndReadAsync(new GgufWriter().SetMetadata("general.architecture", GgufValue.Of("llama")));
        Assert.Null(headless.KeyLength);
    }

    [Fact]
    public async Task EveryArrayTypeRoundTrips()
    {
        var writer = new GgufWriter()
            .SetMetadata("a.u8", GgufValue.Of(new byte[] { 0, 1, 255 }))
            .SetMetadata("a.i8", GgufValue.Of(new sbyte[] { -128, 0, 127 }))
            .SetMetadata("a.u16", GgufValue.Of(new ushort[] { 0, 65535 }))
            .SetMetadata("a.i16", GgufValue.Of(new short[] { -32768, 32767 }))
            .SetMetadata("a.u32", GgufValue.Of(new uint[] { 1, uint.MaxValue }))
            .SetMetadata("a.i32", GgufValue.Of(new[] { -1, 3, int.MaxValue }))
            .SetMetadata("a.u64", GgufValue.Of(new ulong[] { 0, ulong.MaxValue }))
            .SetMetadata("a.i64", GgufValue.Of(new long[] { long.MinValue, 7 }))
            .SetMetadata("a.f32", GgufValue.Of(new[] { 1.5f, float.NaN, float.NegativeInfinity }))
            .SetMetadata("a.f64", GgufValue.Of(new[] { 0.1, double.Epsilon }))
            .SetMetadata("a.bool", GgufValue.Of(new[] { true, false, true }))
            .SetMetadata("a.str", GgufValue.Of(new[] { "Ġworld", "", "<|im_end|>" }))
            .SetMetadata("a.empty", GgufValue.Of(Array.Empty<int>()));
        var (info, _) = await WriteAndReadAsync(writer);
        foreach (var (key, value) in writer.Metadata)
        {
            Assert.Equal(value, info.Metadata[key]);
            Assert.Equal(value.ElementType, info.Metadata[key].ElementType);
        }
        Assert.Equal(new[] { "Ġworld", "", "<|im_end|>" }, info.Metadata.GetStringArray("a.str"));
        Assert.Equal(new[] { -1, 3, int.MaxValue }, info.Metadata.GetArray<int>("a.i32"));
        Assert.True(float.IsNaN(info.Metadata.GetArray<float>("a.f32")[1]));
        Assert.Equal(new long[] { -128, 0, 127 }, info.Metadata["a.i8"].AsInt64Array());
    }

    [Fact]
    public async Task NestedArraysRoundTrip()
    {
        var nested = GgufValue.ArrayOf(new[]
        {
            GgufValue.Of(new[] { "a", "b" }),
            GgufValue.Of(new[] { 1, 2, 3 }),
            GgufValue.ArrayOf(new[] { GgufValue.Of(new[] { 1.5 }), GgufValue.Of(Array.Empty<string>()) }),
        });
        var (info, _) = await WriteAndReadAsync(new GgufWriter().SetMetadata("n", nested));
        var read = info.Metadata["n"];
        Assert.Equal(nested, read);
        Assert.Equal(GgufValueType.Array, read.ElementType);
        var items = read.AsArrayItems();
        Assert.Equal(new[] { "a", "b" }, items[0].AsStringArray());
        Assert.Equal(GgufValueType.Float64, items[2].AsArrayItems()[0].ElementType);
        Assert.Equal(0, items[2].AsArrayItems()[1].Length);
    }

    [Fact]
    public async Task MetadataKeepsInsertionOrderAndReplacesInPlace()
    {
        var writer = new GgufWriter()
            .SetMetadata("z.first", GgufValue.Of(1u))
            .SetMetadata("a.second", GgufValue.Of(2u))
            .SetMetadata("z.first", GgufValue.Of(3u));
        Assert.True(writer.RemoveMetadata("a.second"));
        writer.SetMetadata("m.third", GgufValue.Of("x"));
        var (info, _) = await WriteAndReadAsync(writer);
        Assert.Equal(new[] { "z.first", "m.third" }, info.Metadata.Keys);
        Assert.Equal(3u, info.Metadata.GetUInt32("z.first"));
        Assert.Equal(3, info.Version);
    }

    [Theory]
    [InlineData(GgmlType.F32, 0.0)]
    [InlineData(GgmlType.F16, 1e-3)]
    [InlineData(GgmlType.BF16, 1e-2)]
    [InlineData(GgmlType.Q8_0, 2e-2)]
    public async Task TensorDataRoundTrips(GgmlType type, double tolerance)
    {
        var values = Enumerable.Range(0, 64 * 3).Select(i => MathF.Sin(i * 0.37f) * 2f).ToArray();
        var writer = new GgufWriter()
            .SetMetadata("general.architecture", GgufValue.Of("test"))
            .AddTensor("first", [64, 3], values, type)
            .AddTensor("second.weight", [32], values.AsSpan(0, 32), GgmlType.F32);
        var (info, path) = await WriteAndReadAsync(writer);

        Assert.Equal(2, info.TensorCount);
        var tensor = info.TensorInfos[0];
        Assert.Equal("first", tensor.Name);
        Assert.Equal(type, tensor.Type);
        Assert.Equal(new long[] { 64, 3 }, tensor.Dimensions);
        Assert.Equal(192, tensor.ElementCount);
        Assert.Equal(0, tensor.Offset);
        Assert.Equal(0, info.DataOffset % 32);
        Assert.Equal(0, info.TensorInfos[1].Offset % 32);

        var bytes = File.ReadAllBytes(path).AsSpan((int)tensor.FileOffset, (int)tensor.ByteSize!.Value);
        var decoded = new float[values.Length];
        GgmlTensorEncoder.Decode(type, bytes, decoded);
        for (int i = 0; i < values.Length; i++) Assert.InRange(decoded[i] - values[i], -tolerance, tolerance);
    }

    [Fact]
    public void Q8BlockIsAHalfScaleAnd32SignedBytes()
    {
        var values = Enumerable.Range(0, 32).Select(i => i - 16f).ToArray(); // max |x| = 16
        var bytes = new byte[34];
        GgmlTensorEncoder.Encode(GgmlType.Q8_0, values, bytes);
        Assert.Equal((Half)(16f / 127f), BitConverter.ToHalf(bytes, 0));
        Assert.Equal(-127, (sbyte)bytes[2]);      // -16 → -127
        Assert.Equal(0, (sbyte)bytes[2 + 16]);    // 0 → 0
        Assert.Equal(119, (sbyte)bytes[2 + 31]);  // 15 → 119.06 → 119
    }

    [Fact]
    public async Task CustomAlignmentAlignsDataAndIsStored()
    {
        var writer = new GgufWriter { Alignment = 64 }
            .AddTensor("a", [3], new float[] { 1, 2, 3 })
            .AddTensor("b", [5], new float[] { 1, 2, 3, 4, 5 });
        var (info, _) = await WriteAndReadAsync(writer);
        Assert.Equal(64, info.Alignment);
        Assert.Equal(64u, info.Metadata.GetUInt32("general.alignment"));
        Assert.Equal(0, info.DataOffset % 64);
        Assert.Equal(64, info.TensorInfos[1].Offset);
    }

    [Fact]
    public async Task StreamedTensorLargerThanOneChunkIsWrittenRowByRow()
    {
        long rowsSeen = 0;
        var writer = new GgufWriter().AddTensor("big", GgmlType.Q8_0, [1024, 2048], (row, span) =>
        {
            rowsSeen++;
            span.Fill(row % 7);
        });
        var (info, path) = await WriteAndReadAsync(writer);
        Assert.Equal(2048, rowsSeen);
        Assert.Equal(1024L / 32 * 34 * 2048, info.TensorInfos[0].ByteSize);
        var row5 = File.ReadAllBytes(path).AsSpan((int)(info.TensorInfos[0].FileOffset + 5 * 1088), 1088);
        var decoded = new float[1024];
        GgmlTensorEncoder.Decode(GgmlType.Q8_0, row5, decoded);
        Assert.All(decoded, v => Assert.Equal(5f, v, 0.01f));
    }

    [Fact]
    public async Task DataWriterWritingTheWrongSizeFailsAndLeavesNoFile()
    {
        var path = Path.Combine(GgufTestFiles.NewTempDirectory(), "bad.gguf");
        var writer = new GgufWriter().AddTensor("t", GgmlType.F32, [4], (s, ct) => s.WriteAsync(new byte[8], ct).AsTask());
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(path));
        Assert.Contains("wrote 8 bytes", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void InvalidTensorsAreRefusedWhenAdded()
    {
        var writer = new GgufWriter().AddTensor("t", [1], new float[] { 1 });
        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", [1], new float[] { 1 }));
        Assert.Throws<ArgumentException>(() => writer.AddTensor(new string('x', 64), [1], new float[] { 1 }));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("q", [33], new float[33], GgmlType.Q8_0));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("d", [1, 1, 1, 1, 1], new float[1]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("n", [4], new float[3]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("k", GgmlType.Q4_K, [256], (_, _) => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Alignment = 48);
    }

    [Fact]
    public async Task InvalidUtf8StringsAreCopiedByteForByte()
    {
        var dir = GgufTestFiles.NewTempDirectory();
        // A string array whose second item is a lone continuation byte, as in some byte-level vocabularies.
        var raw = RawGguf.Header(0, 1).Str("tokenizer.ggml.tokens").U32(9).U32(8).U64(2)
            .Str("ok").U64(1).U8(0x80);
        var source = raw.WriteTo(dir, "source.gguf");
        var info = GgufFileInfo.Read(source);
        Assert.Equal("\uFFFD", info.Metadata.GetStringArray("tokenizer.ggml.tokens")[1]);

        var copy = Path.Combine(dir, "copy.gguf");
        await (await GgufWriter.FromFileAsync(source)).WriteAsync(copy);
        var originalBytes = File.ReadAllBytes(source);
        var copyBytes = File.ReadAllBytes(copy);
        Assert.Equal(originalBytes, copyBytes.AsSpan(0, originalBytes.Length).ToArray());
    }

    [Fact]
    public async Task FromFileCopiesTensorsByteForByteWithEditedMetadata()
    {
        var dir = GgufTestFiles.NewTempDirectory();
        var source = Path.Combine(dir, "source.gguf");
        var values = Enumerable.Range(0, 96).Select(i => i * 0.5f).ToArray();
        await new GgufWriter()
            .SetMetadata("general.architecture", GgufValue.Of("llama"))
            .AddTensor("a", [32, 3], values, GgmlType.Q8_0)
            .AddTensor("b", [96], values)
            .WriteAsync(source);

        var writer = await GgufWriter.FromFileAsync(source);
        writer.SetMetadata("tokenizer.chat_template", GgufValue.Of("{{ messages }}"));
        var copy = Path.Combine(dir, "copy.gguf");
        await writer.WriteAsync(copy);

        var a = await GgufFileInfo.ReadAsync(source);
        var b = await GgufFileInfo.ReadAsync(copy);
        Assert.Equal("{{ messages }}", b.ChatTemplate);
        Assert.Null(a.ChatTemplate);
        var sourceBytes = File.ReadAllBytes(source);
        var copyBytes = File.ReadAllBytes(copy);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(a.TensorInfos[i].Name, b.TensorInfos[i].Name);
            Assert.Equal(
                sourceBytes.AsSpan((int)a.TensorInfos[i].FileOffset, (int)a.TensorInfos[i].ByteSize!.Value).ToArray(),
                copyBytes.AsSpan((int)b.TensorInfos[i].FileOffset, (int)b.TensorInfos[i].ByteSize!.Value).ToArray());
        }
    }

    [Fact]
    public async Task SplitModelPartsAreSplicedAndCanBeMerged()
    {
        var dir = GgufTestFiles.NewTempDirectory();
        await new GgufWriter()
            .SetMetadata("general.architecture", GgufValue.Of("llama"))
            .SetMetadata("split.no", GgufValue.Of((ushort)0))
            .SetMetadata("split.count", GgufValue.Of((ushort)2))
            .SetMetadata("split.tensors.count", GgufValue.Of(2))
            .AddTensor("a", [4], new float[] { 1, 2, 3, 4 })
            .WriteAsync(Path.Combine(dir, "m-00001-of-00002.gguf"));
        await new GgufWriter()
            .SetMetadata("split.no", GgufValue.Of((ushort)1))
            .SetMetadata("split.count", GgufValue.Of((ushort)2))
            .AddTensor("b", [2], new float[] { 5, 6 })
            .WriteAsync(Path.Combine(dir, "m-00002-of-00002.gguf"));

        // Any part's name finds all parts.
        var info = await GgufFileInfo.ReadAsync(Path.Combine(dir, "m-00002-of-00002.gguf"));
        Assert.Equal(2, info.SplicedParts);
        Assert.Equal(2, info.TensorCount);
        Assert.Equal("llama", info.Architecture);
        Assert.Equal(new[] { "a", "b" }, info.TensorInfos.Select(t => t.Name));
        Assert.Equal(new[] { 0, 1 }, info.TensorInfos.Select(t => t.PartIndex));
        Assert.EndsWith("m-00001-of-00002.gguf", info.FilePath);

        var single = await GgufFileInfo.ReadAsync(Path.Combine(dir, "m-00002-of-00002.gguf"), new GgufReadOptions { SpliceSplitFiles = false });
        Assert.Equal(1, single.TensorCount);

        var merged = Path.Combine(dir, "merged.gguf");
        await (await GgufWriter.FromFileAsync(Path.Combine(dir, "m-00001-of-00002.gguf"))).WriteAsync(merged);
        var mergedInfo = await GgufFileInfo.ReadAsync(merged);
        Assert.Equal(2, mergedInfo.TensorCount);
        Assert.DoesNotContain(mergedInfo.Metadata.Keys, k => k.StartsWith("split."));
        var bytes = File.ReadAllBytes(merged);
        var b = new float[2];
        GgmlTensorEncoder.Decode(GgmlType.F32, bytes.AsSpan((int)mergedInfo.TensorInfos[1].FileOffset, 8), b);
        Assert.Equal(new float[] { 5, 6 }, b);
    }

    [Fact]
    public async Task IgnoredKeysAreSkippedAndTensorInfoCanBeOmitted()
    {
        var writer = new GgufWriter()
            .SetMetadata("tokenizer.ggml.tokens", GgufValue.Of(new[] { "a", "b" }))
            .SetMetadata("general.name", GgufValue.Of("kept"))
            .AddTensor("t", [2], new float[] { 1, 2 });
        var path = Path.Combine(GgufTestFiles.NewTempDirectory(), "x.gguf");
        await writer.WriteAsync(path);
        var info = await GgufFileInfo.ReadAsync(path, new GgufReadOptions { IgnoreKeys = ["tokenizer.ggml.tokens"], ReadTensorInfo = false });
        Assert.False(info.Metadata.ContainsKey("tokenizer.ggml.tokens"));
        Assert.Equal("kept", info.Name);
        Assert.Empty(info.TensorInfos);
        Assert.Equal(1, info.TensorCount);
    }

    [Fact]
    public async Task CancelledReadThrows()
    {
        var path = Path.Combine(GgufTestFiles.NewTempDirectory(), "x.gguf");
        await new GgufWriter().SetMetadata("a", GgufValue.Of(1)).WriteAsync(path);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GgufFileInfo.ReadAsync(path, null, cts.Token));
    }
}
