using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop.Tests.Network.Losses;

/// <summary>A NaN output reaches the loss before the divergence check sees the loss: the gradient must not throw
/// (MathF.Sign throws ArithmeticException on NaN; found by the fuzzer).</summary>
public class HuberNaNTests
{
    [Fact]
    public void Evaluate_NaNLogit_GivesANaNLossInsteadOfThrowing()
    {
        var huber = LossFunctions.Create(LossSpec.Of(LossFunction.Huber, 1f));
        float[] logits = [float.NaN, 5f], targets = [0f, 0f], gradient = new float[2];
        double loss = huber.Evaluate(logits, targets, default, gradient, 2, 1);
        double.IsNaN(loss).ShouldBeTrue();
        gradient[1].ShouldBe(0.5f); // δ·sign(r) over the batch of 2 rows
    }
}
