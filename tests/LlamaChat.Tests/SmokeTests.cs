namespace LlamaChat.Tests;

public class SmokeTests
{
    [Fact]
    public void ExceptionKeepsMessage() => Assert.Equal("x", new LlamaChatException("x").Message);
}
