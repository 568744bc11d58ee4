namespace LlamaChat.Gguf;

/// <summary>
/// Fills row <paramref name="rowIndex"/> of a tensor with float values; <see cref="GgufWriter"/> encodes each
/// row into the tensor's storage type as it writes, so no whole tensor is ever held in memory.
/// A row is the innermost dimension (<c>dimensions[0]</c> values); rows are numbered in file order.
/// </summary>
/// <param name="rowIndex">The row to fill, from 0.</param>
/// <param name="row">The values to fill (already zeroed).</param>
public delegate void GgufTensorRowSource(long rowIndex, Span<float> row);
