using System.Diagnostics;
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
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) ? value : fallback;

    [Fact]
    public void Fuzz_RandomSchemasDataAndOptions_OnlyDocumentedOutcomes()
    {
        int? single = Environment.GetEnvironmentVariable("MLNET_BACKPROP_FUZZ_CASE") is { } s ? int.Parse(s) : null;
        int first = single ?? Setting("MLNET_BACKPROP_FUZZ_SEED", 0);
        var budget = TimeSpan.FromSeconds(Setting("MLNET_BACKPROP_FUZZ_SECONDS", 40));
        var outcomes = new Dictionary<FuzzOracle.Outcome, int>();
        var failures = new List<string>();
        var refusals = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();
        int cases = 0, validated = 0, mismatched = 0;
        for (int seed = first; single is null ? watch.Elapsed < budget : seed == single; seed++)
        {
            var c = FuzzCase.Generate(seed);
            var (outcome, failure, refusal) = FuzzOracle.Run(c);
            if (refusal is not null) refusals[refusal] = refusals.GetValueOrDefault(refusal) + 1;
            cases++;
            if (c.Validation is not null) validated++;
            if (c.ValidationMismatch is not null) mismatched++;
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (single is not null) output.WriteLine($"case {seed}: {outcome} [{c.Description}]");
            if (failure is not null)
                failures.Add($"seed {seed}: {failure} [{c.Description}] | repro: MLNET_BACKPROP_FUZZ_CASE={seed} dotnet test tests/MLNet.Backprop.Tests -c Release --filter FullyQualifiedName~FuzzTests");
        }
        string summary = $"fuzz: {cases} cases (seeds {first}..{first + cases - 1}) in {watch.Elapsed.TotalSeconds:F0} s: " +
            string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {o.Key}")) +
            $"; {validated} with validation data, {mismatched} of them of another meaning than the training data";
        output.WriteLine(summary);
        // Beside the test assembly too, so that CI can print the case count of each run (xunit hides passing tests' output).
        if (single is null) File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "fuzz-summary.txt"), summary + Environment.NewLine);
        foreach (var (kind, count) in refusals.OrderByDescending(r => r.Value).Take(40)) output.WriteLine($"  {count,6} × {kind}");
        // One line per kind of failure (numbers blanked), with its count: the first of each kind is its repro.
        var kinds = failures.GroupBy(f => System.Text.RegularExpressions.Regex.Replace(f[(f.IndexOf(':') + 1)..f.IndexOf(" [", StringComparison.Ordinal)], "[0-9.E+-]+", "#"))
            .Select(g => $"{g.Count()} × {g.First()}");
        failures.ShouldBeEmpty(summary + Environment.NewLine + string.Join(Environment.NewLine, kinds));
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
