using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

/// <summary>The robust scaling in front of a periodic part (<see cref="ClippedFeaturesInput"/>): it scores as the periodic
/// part on the clipped rows, bit for bit, its embedded slots and its pass-through slot alike; its bound is that of values
/// within ±3; a standardisation is not folded into it.</summary>
public class ClippedFeaturesInputTests
{
    private const int Features = 3, Rows = 9;

    private static readonly RobustClip Map = new([1f, -0.5f, 0.2f], [0.8f, 2f, 0.5f]);

    private static InputPartDescription Periodic(RobustClip? clip) =>
        InputPartDescription.Periodic(new PeriodicFeatures(Features, frequencies: 3, width: 4, scale: 0.5f, embedded: [0, 2])) with { Clip = clip };

    private static NeuralNetwork Network(RobustClip? clip) => NeuralNetwork.Create(new NetworkOptions
    {
        InputParts = [Periodic(clip)], HiddenLayers = [5], OutputSize = 2, Activation = Activation.Tanh, Seed = 3,
    });

    [Fact]
    public void Forward_ScoresAsThePeriodicPartOnTheClippedRows()
    {
        var clipped = Network(Map);
        var plain = Network(null);
        var raw = TestData.Normal(Rows * Features, 8, scale: 20f);
        var rows = new float[raw.Length];
        for (int r = 0; r < Rows; r++) Map.Apply(raw.AsSpan(r * Features, Features), rows.AsSpan(r * Features, Features));

        clipped.Input.Parts[0].ShouldBeOfType<ClippedFeaturesInput>();
        var a = new float[Rows * 2];
        var b = new float[Rows * 2];
        clipped.Predict(raw, a, Rows);
        plain.Predict(rows, b, Rows);
        a.ShouldBe(b); // the same parameters (the clip draws nothing), the same floats
        clipped.Input.Describe()[0].Clip.ShouldBeSameAs(Map);
        clipped.Clone().Input.Describe()[0].Clip.ShouldBeSameAs(Map);
    }

    [Fact]
    public void Bounds_AnyFeatureValues_ThoseOfValuesWithinThree()
    {
        var clipped = Network(Map);
        var plain = Network(null);

        clipped.Input.Bounds(1e6).ShouldBe(plain.Input.Bounds(3.0));
    }

    [Fact]
    public void FoldFeatureScaling_AStandardisation_Throws()
    {
        var network = Network(Map);

        network.Input.FoldFeatureScaling([0f, 0f, 0f], [1f, 1f, 1f]); // the identity: nothing to fold
        Should.Throw<InvalidOperationException>(() => network.Input.FoldFeatureScaling([1f, 0f, 0f], [1f, 1f, 1f])).Message.ShouldContain("not standardised");
    }
}
