using MLNet.Backprop.Tests.Reliability.Fuzzing;
using Xunit.Abstractions;

namespace MLNet.Backprop.Experiments.Tests.Fuzzing;

/// <summary>The tuner's fuzzer (see <see cref="TunerFuzzCase"/> and <see cref="TunerFuzzOracle"/>); 15 s in CI.</summary>
public sealed class TunerFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Fuzz_EdgeDataAndSettings_OnlyDocumentedOutcomesWhateverTheParallelism() =>
        FuzzHarness.Run("tuner", 15, seed =>
        {
            var c = TunerFuzzCase.Generate(seed);
            return (c.Description, TunerFuzzOracle.Run(c, seed));
        }, "dotnet test tests/MLNet.Backprop.Experiments.Tests -c Release --filter FullyQualifiedName~TunerFuzzTests", output);
}
