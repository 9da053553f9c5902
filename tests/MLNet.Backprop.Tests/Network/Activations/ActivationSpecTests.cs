using MLNet.Backprop.Network.Activations;

namespace MLNet.Backprop.Tests.Network.Activations;

public class ActivationSpecTests
{
    public static TheoryData<Activation> All => new(Enum.GetValues<Activation>());

    [Theory]
    [MemberData(nameof(All))]
    public void Create_EveryActivation_KnowsItsOwnSpecInitialisationAndBound(Activation kind)
    {
        var spec = ActivationSpec.Of(kind, leakyReluSlope: 0.2f, eluAlpha: 1.5f);
        var f = ActivationFunctions.Create(spec);

        f.Spec.ShouldBe(spec);
        f.Kind.ShouldBe(kind);
        f.Initialization.ShouldNotBe(WeightInitialization.Auto);
        // The bound holds at the edge of the range and inside it, on both sides.
        foreach (double z in new[] { 0.0, 0.5, 3.0, 40.0 })
        {
            double bound = f.Bound(z);
            foreach (double x in new[] { -z, -z / 2, 0, z / 2, z }) Math.Abs(f.Apply(x)).ShouldBeLessThanOrEqualTo(bound + 1e-12, $"{kind} at {x}");
        }
    }

    [Theory]
    [InlineData(Activation.Tanh, 0.9999f, 0.98f, -0.995f, 2)]
    [InlineData(Activation.Sigmoid, 0.001f, 0.5f, 0.995f, 2)]
    [InlineData(Activation.ReLU, 0f, 5f, 1000f, 0)]
    public void CountSaturated_ValuesInTheFlatZones_AreCounted(Activation kind, float a, float b, float c, long expected) =>
        ActivationFunctions.Create(kind).CountSaturated([a, b, c]).ShouldBe(expected);

    [Theory]
    [InlineData(Activation.LeakyReLU, 0.3f, true)]
    [InlineData(Activation.LeakyReLU, 1f, false)]
    [InlineData(Activation.LeakyReLU, -0.1f, false)]
    [InlineData(Activation.ELU, 0.7f, true)]
    [InlineData(Activation.ELU, 0f, false)]
    [InlineData(Activation.ELU, float.PositiveInfinity, false)]
    [InlineData(Activation.Tanh, 0f, true)]
    [InlineData(Activation.Tanh, 0.5f, false)]
    [InlineData((Activation)99, 0f, false)]
    public void Problem_ParameterOutsideItsRange_IsNamed(Activation kind, float parameter, bool valid)
    {
        string? problem = new ActivationSpec(kind, parameter).Problem();
        (problem is null).ShouldBe(valid, problem);
    }

    [Fact]
    public void Of_ActivationWithoutParameter_IgnoresTheOptionsParameters() =>
        ActivationSpec.Of(Activation.Tanh, 0.3f, 2f).ShouldBe(new ActivationSpec(Activation.Tanh));
}
