using Xunit.Abstractions;

namespace MLNet.Backprop.Tests.Reliability.Fuzzing;

/// <summary>
/// The seeded, time-boxed fuzzer: random schemas, data and options through create → fit → score, asserting only the
/// documented outcomes (see <see cref="FuzzOracle"/>). Seeds run in order from MLNET_BACKPROP_FUZZ_SEED (default 0) for
/// MLNET_BACKPROP_FUZZ_SECONDS (default 40, the CI budget); MLNET_BACKPROP_FUZZ_CASE=n runs case n alone. Each
/// failure is one line ending in the command that repeats it.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Fuzz_RandomSchemasDataAndOptions_OnlyDocumentedOutcomes()
    {
        int validated = 0, mismatched = 0;
        FuzzHarness.Run("", 40, seed =>
        {
            var c = FuzzCase.Generate(seed);
            if (c.Validation is not null) validated++;
            if (c.ValidationMismatch is not null) mismatched++;
            var (outcome, failure, refusal) = FuzzOracle.Run(c);
            return (c.Description, new FuzzVerdict(outcome.ToString(), failure, refusal));
        }, "dotnet test tests/MLNet.Backprop.Tests -c Release --filter FullyQualifiedName~FuzzTests", output,
            _ => $"{validated} with validation data, {mismatched} of them of another meaning than the training data");
    }
}

/// <summary>Cases the fuzzer found, kept: each once failed (the first three: a diverging regression finite in the
/// standardised label's units and infinite in the label's, returned as a model that scored ±∞ on its training rows).</summary>
public class FuzzFoundCasesTests
{
    [Theory]
    [InlineData(6654)]
    [InlineData(8254)]
    [InlineData(10367)]
    public void FoundCase_Replayed_OnlyDocumentedOutcomes(int seed)
    {
        var (_, failure, _) = FuzzOracle.Run(FuzzCase.Generate(seed, validationVariants: false));
        failure.ShouldBeNull();
    }
}
