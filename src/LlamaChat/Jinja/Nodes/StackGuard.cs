using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

/// <summary>
/// Turns a stack about to overflow (a pathologically deep expression such as 100,000 chained <c>+</c>) into a
/// catchable error instead of a process crash.
/// </summary>
internal static class StackGuard
{
    public static void Check() => System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
}
