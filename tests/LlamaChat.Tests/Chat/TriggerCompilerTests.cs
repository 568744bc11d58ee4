using LlamaChat.Chat;
using LlamaChat.Forge;
using LlamaChat.Models;
using LlamaChat.Tests.Support;
using LlamaChat.Text;

namespace LlamaChat.Tests.Chat;

public class TriggerCompilerTests
{
    [Fact]
    public async Task ControlTokensInSpecialTokenTextAreMatchedByIdAndTheRestByText()
    {
        var model = await TestModels.SharedAsync(await DemoChatModel.GetOrCreateAsync());
        var imEnd = model.Tokenize(ForgeSpecialTokens.ImEnd, specialTokens: true).Single();
        Assert.True(model.GetTokenAttributes(imEnd).HasFlag(TokenAttributes.Control));
        Assert.Equal("", model.Detokenize([imEnd])); // generated, a control token has no text...

        var trigger = TriggerCompiler.Compile(new SpecialTokensText("<|im_end|>\nHi"), model, "tag")!;
        Assert.Equal(imEnd, trigger.Parts[0]); // ...so it is matched by its id
        Assert.Equal("\nHi", string.Concat(trigger.Parts.Skip(1).Cast<string>()));

        // Generated as the model writes it, the trigger is found.
        var detector = new StopTriggerDetector([trigger]);
        Assert.Null(detector.Push(imEnd, ""));
        var match = detector.Push(null, "\nHi there");
        Assert.Equal("tag", match!.Trigger.Tag);
        Assert.Null(TriggerCompiler.Compile(LlamaText.Empty, model, "empty"));
    }
}
