using System.Diagnostics;
using LlamaChat.Gguf;

namespace LlamaChat.Tests.Gguf;

public class GgufMalformedFileTests
{
    private static GgufFormatException ReadFails(byte[] bytes, GgufReadOptions? options = null) =>
        Assert.Throws<GgufFormatException>(() => GgufFileInfo.Read(new MemoryStream(bytes), options));

    [Fact]
    public void BadMagicIsNotAGgufFile()
    {
        var bytes = new RawGguf().Bytes("PK\x03\x04"u8).U32(3).U64(0).U64(0).ToArray();
        var e = ReadFails(bytes);
        Assert.Equal(0, e.Offset);
        Assert.Contains("not a GGUF file", e.Message);
        Assert.Contains("504B0304", e.Message);
    }

    [Fact]
    public void LegacyGgmlMagicIsNamed()
    {
        var bytes = new RawGguf().Bytes("tjgg"u8).U32(3).U64(0).U64(0).ToArray();
        var e = ReadFails(bytes);
        Assert.Equal(0, e.Offset);
        Assert.Contains("legacy GGML", e.Message);
    }

    [Fact]
    public void FileShorterThanHeaderIsRejected()
    {
        var e = ReadFails("GGUF\x03\x00"u8.ToArray());
        Assert.Equal(0, e.Offset);
        Assert.Contains("only 6 bytes", e.Message);
    }

    [Fact]
    public void EmptyFileIsRejected()
    {
        var e = ReadFails([]);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void VersionOneIsRefusedWithAdvice()
    {
        var e = ReadFails(RawGguf.Header(0, 0, version: 1).ToArray());
        Assert.Equal(4, e.Offset);
        Assert.Contains("GGUF v1 is no longer supported", e.Message);
        Assert.Contains("Convert", e.Message);
    }

    [Fact]
    public void UnknownVersionIsRefused()
    {
        var e = ReadFails(RawGguf.Header(0, 0, version: 7).ToArray());
        Assert.Equal(4, e.Offset);
        Assert.Contains("unknown GGUF version 7", e.Message);
    }

    [Fact]
    public void BigEndianFileIsRefused()
    {
        // A big-endian writer stores version 3 as 00 00 00 03.
        var bytes = new RawGguf().Bytes("GGUF"u8).Bytes([0, 0, 0, 3]).Bytes(new byte[16]).ToArray();
        var e = ReadFails(bytes);
        Assert.Equal(4, e.Offset);
        Assert.Contains("big-endian", e.Message);
    }

    [Fact]
    public void AbsurdTensorCountFailsBeforeAllocating()
    {
        var e = ReadFails(RawGguf.Header(ulong.MaxValue / 2, 0).ToArray());
        Assert.Equal(8, e.Offset);
        Assert.Contains("tensor count", e.Message);
    }

    [Fact]
    public void AbsurdMetadataCountFailsBeforeAllocating()
    {
        var e = ReadFails(RawGguf.Header(0, 1UL << 40).ToArray());
        Assert.Equal(16, e.Offset);
        Assert.Contains("metadata key/value count", e.Message);
    }

    [Fact]
    public void HugeStringLengthFailsAtOnce()
    {
        // A string length of 2^60 in a ~100-byte file must fail on the length, without allocating.
        var raw = RawGguf.Header(0, 1).Str("general.name").U32(8);
        long lengthOffset = raw.Position;
        var bytes = raw.U64(1UL << 60).Bytes(new byte[40]).ToArray();
        Assert.True(bytes.Length < 120);
        var watch = Stopwatch.StartNew();
        var e = ReadFails(bytes);
        Assert.True(watch.ElapsedMilliseconds < 1000);
        Assert.Equal(lengthOffset, e.Offset);
        Assert.Contains("exceeds", e.Message);
        Assert.Contains("general.name", e.Message);
    }

    [Fact]
    public void HugeKeyLengthFailsAtOnce()
    {
        var raw = RawGguf.Header(0, 1);
        long lengthOffset = raw.Position;
        var e = ReadFails(raw.U64(ulong.MaxValue).Bytes(new byte[32]).ToArray());
        Assert.Equal(lengthOffset, e.Offset);
    }

    [Fact]
    public void HugeArrayCountFailsAtOnce()
    {
        var raw = RawGguf.Header(0, 1).Str("tokenizer.ggml.scores").U32(9).U32(6);
        long countOffset = raw.Position;
        var e = ReadFails(raw.U64(1UL << 50).Bytes(new byte[16]).ToArray());
        Assert.Equal(countOffset, e.Offset);
        Assert.Contains("tokenizer.ggml.scores", e.Message);
        Assert.Contains("cannot fit", e.Message);
    }

    [Fact]
    public void HugeStringArrayCountFailsAtOnce()
    {
        // Each string needs at least 8 bytes, so a count of 10 in 40 bytes is already impossible.
        var raw = RawGguf.Header(0, 1).Str("tokenizer.ggml.tokens").U32(9).U32(8);
        long countOffset = raw.Position;
        var e = ReadFails(raw.U64(10).Bytes(new byte[40]).ToArray());
        Assert.Equal(countOffset, e.Offset);
    }

    [Fact]
    public void UnknownValueTypeIsReported()
    {
        var raw = RawGguf.Header(0, 1).Str("general.weird");
        long typeOffset = raw.Position;
        var e = ReadFails(raw.U32(13).U32(0).ToArray());
        Assert.Equal(typeOffset, e.Offset);
        Assert.Contains("unknown value type 13", e.Message);
        Assert.Contains("general.weird", e.Message);
    }

    [Fact]
    public void UnknownArrayElementTypeIsReported()
    {
        var raw = RawGguf.Header(0, 1).Str("general.list").U32(9);
        long elementTypeOffset = raw.Position;
        var e = ReadFails(raw.U32(99).U64(0).ToArray());
        Assert.Equal(elementTypeOffset, e.Offset);
        Assert.Contains("unknown value type 99", e.Message);
    }

    [Fact]
    public void TruncatedValueIsReported()
    {
        var raw = RawGguf.Header(0, 1).Str("llama.context_length").U32(10);
        long valueOffset = raw.Position;
        var e = ReadFails(raw.Bytes([1, 2, 3]).ToArray()); // a UINT64 needs 8 bytes
        Assert.Equal(valueOffset, e.Offset);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void DeeplyNestedArraysAreRefusedWithoutStackOverflow()
    {
        var raw = RawGguf.Header(0, 1).Str("general.nested").U32(9);
        for (int i = 0; i < 10_000; i++) raw.U32(9).U64(1);
        var e = ReadFails(raw.U32(4).U64(0).ToArray());
        Assert.Contains("nests arrays more than", e.Message);
    }

    [Fact]
    public void DuplicateKeyIsRejected()
    {
        var raw = RawGguf.Header(0, 2).KvU32("a.b", 1);
        long second = raw.Position;
        var e = ReadFails(raw.KvU32("a.b", 2).ToArray());
        Assert.Equal(second, e.Offset);
        Assert.Contains("more than once", e.Message);
    }

    [Fact]
    public void AlignmentThatIsNotAPowerOfTwoIsRejected()
    {
        var raw = RawGguf.Header(0, 1).Str("general.alignment");
        long typeOffset = raw.Position;
        var e = ReadFails(raw.U32(4).U32(48).ToArray());
        Assert.Equal(typeOffset, e.Offset);
        Assert.Contains("power of two", e.Message);
    }

    [Fact]
    public void TooManyTensorDimensionsAreRejected()
    {
        var raw = RawGguf.Header(1, 0).Str("t");
        long dimsOffset = raw.Position;
        var e = ReadFails(raw.U32(5).Bytes(new byte[64]).ToArray());
        Assert.Equal(dimsOffset, e.Offset);
        Assert.Contains("5 dimensions", e.Message);
    }

    [Fact]
    public void RowLengthThatIsNotAMultipleOfTheBlockIsRejected()
    {
        var raw = RawGguf.Header(1, 0).Str("t").U32(1).U64(33);
        long typeOffset = raw.Position;
        var e = ReadFails(raw.U32((uint)GgmlType.Q8_0).U64(0).Pad(32).Bytes(new byte[64]).ToArray());
        Assert.Equal(typeOffset, e.Offset);
        Assert.Contains("block size 32", e.Message);
    }

    [Fact]
    public void TensorDataPastTheEndIsReportedAsTruncated()
    {
        var raw = RawGguf.Header(1, 0);
        long infoOffset = raw.Position;
        var bytes = raw.Str("w").U32(1).U64(1000).U32((uint)GgmlType.F32).U64(0).Pad(32).Bytes(new byte[100]).ToArray();
        var e = ReadFails(bytes);
        Assert.Equal(infoOffset, e.Offset);
        Assert.Contains("extends past the end", e.Message);
        // Without validation the header still reads.
        var info = GgufFileInfo.Read(new MemoryStream(bytes), new GgufReadOptions { ValidateTensorData = false });
        Assert.Equal(4000, info.TensorInfos[0].ByteSize);
    }

    [Fact]
    public void DuplicateTensorNameIsRejected()
    {
        var raw = RawGguf.Header(2, 0).Str("w").U32(1).U64(8).U32(0).U64(0);
        long second = raw.Position;
        var e = ReadFails(raw.Str("w").U32(1).U64(8).U32(0).U64(32).Pad(32).Bytes(new byte[64]).ToArray());
        Assert.Equal(second, e.Offset);
    }

    [Fact]
    public void MissingFileThrowsModelFileException()
    {
        var path = Path.Combine(GgufTestFiles.NewTempDirectory(), "nope.gguf");
        var e = Assert.Throws<ModelFileException>(() => GgufFileInfo.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("does not exist", e.Message);
        Assert.IsType<FileNotFoundException>(e.InnerException);
    }

    [Fact]
    public async Task DirectoryInsteadOfFileThrowsModelFileException()
    {
        var dir = GgufTestFiles.NewTempDirectory();
        var e = await Assert.ThrowsAsync<ModelFileException>(() => GgufFileInfo.ReadAsync(dir));
        Assert.Contains("is a directory", e.Message);
    }

    [Fact]
    public void MissingSplitPartIsNamed()
    {
        var dir = GgufTestFiles.NewTempDirectory();
        var first = RawGguf.Header(0, 0).WriteTo(dir, "m-00001-of-00002.gguf");
        var e = Assert.Throws<ModelFileException>(() => GgufFileInfo.Read(first));
        Assert.EndsWith("m-00002-of-00002.gguf", e.FilePath);
        Assert.Contains("Part 2 of 2", e.Message);
    }

    [Fact]
    public void MalformedFileOnDiskNamesThePath()
    {
        var dir = GgufTestFiles.NewTempDirectory();
        var path = RawGguf.Header(0, 0, version: 1).WriteTo(dir);
        var e = Assert.Throws<GgufFormatException>(() => GgufFileInfo.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.IsAssignableFrom<LlamaChatException>(e);
    }
}
