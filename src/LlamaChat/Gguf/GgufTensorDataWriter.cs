namespace LlamaChat.Gguf;

/// <summary>
/// Writes the raw bytes of one tensor to <paramref name="destination"/>: exactly the tensor's size in its
/// storage type, no padding. Called by <see cref="GgufWriter"/> when the tensor's turn comes, so large
/// tensors can be produced piece by piece instead of held in memory.
/// </summary>
/// <param name="destination">The stream to write the tensor bytes to.</param>
/// <param name="cancellationToken">Cancels the write.</param>
public delegate Task GgufTensorDataWriter(Stream destination, CancellationToken cancellationToken);
