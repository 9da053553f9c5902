using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace MLNet.Backprop.Tests.Reliability.Fuzzing;

/// <summary>One fuzz case's result: its outcome (a word for the summary), what is wrong with it (null when it is a
/// documented outcome) and, for a documented refusal, its kind.</summary>
internal sealed record FuzzVerdict(string Outcome, string? Failure = null, string? Refusal = null)
{
    /// <summary>A refusal's kind for the summary: its type and the start of its message, numbers blanked.</summary>
    public static string Kind(Exception e)
    {
        string message = Regex.Replace(e.Message, "'[^']*/[^']*'", "'…'"); // paths, which differ from case to case
        return $"{e.GetType().Name}: {Regex.Replace(message.Length > 70 ? message[..70] : message, "[0-9.E+-]+", "#")}";
    }

    public static string Describe(Exception e) => $"{e.GetType().Name} \"{e.Message.Split('\n')[0]}\" at {e.TargetSite?.DeclaringType?.FullName}.{e.TargetSite?.Name}";
}

/// <summary>
/// The seeded, time-boxed loop every fuzzer of the project runs (the core's in tests/MLNet.Backprop.Tests, the shard
/// sets', the tuner's and the serving sample's in their own test projects, which link this file): cases in seed order
/// from MLNET_BACKPROP_FUZZ_SEED (default 0) for MLNET_BACKPROP_FUZZ_SECONDS (default: the surface's CI budget), or
/// case MLNET_BACKPROP_FUZZ_CASE alone. It writes its summary beside the test assembly (fuzz-summary[-surface].txt,
/// which .ci/run prints: xunit hides passing tests' output) and fails with one line per kind of failure, each ending in
/// the command that repeats it.
/// </summary>
internal static class FuzzHarness
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) ? value : fallback;

    /// <param name="surface">Named in the summary and its file ("" for the core's fuzzer, whose file is fuzz-summary.txt).</param>
    /// <param name="budgetSeconds">Default time budget (CI's).</param>
    /// <param name="run">Generates and runs case <c>seed</c>: its description and its verdict.</param>
    /// <param name="repro">The test command that repeats a case, without the environment variable.</param>
    /// <param name="output">The test's output.</param>
    /// <param name="extra">Adds to the summary line, from the cases' descriptions (or null).</param>
    public static void Run(string surface, int budgetSeconds, Func<int, (string Description, FuzzVerdict Verdict)> run, string repro,
        ITestOutputHelper output, Func<IReadOnlyList<string>, string>? extra = null)
    {
        int? single = Environment.GetEnvironmentVariable("MLNET_BACKPROP_FUZZ_CASE") is { } s ? int.Parse(s) : null;
        int first = single ?? Setting("MLNET_BACKPROP_FUZZ_SEED", 0);
        var budget = TimeSpan.FromSeconds(Setting("MLNET_BACKPROP_FUZZ_SECONDS", budgetSeconds));
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var refusals = new Dictionary<string, int>();
        var failures = new List<string>();
        var descriptions = new List<string>();
        var watch = Stopwatch.StartNew();
        int cases = 0;
        for (int seed = first; single is null ? watch.Elapsed < budget : seed == single; seed++)
        {
            var (description, verdict) = run(seed);
            cases++;
            descriptions.Add(description);
            outcomes[verdict.Outcome] = outcomes.GetValueOrDefault(verdict.Outcome) + 1;
            if (verdict.Refusal is { } refusal) refusals[refusal] = refusals.GetValueOrDefault(refusal) + 1;
            if (single is not null) output.WriteLine($"case {seed}: {verdict.Outcome} [{description}]");
            if (verdict.Failure is not null)
                failures.Add($"seed {seed}: {verdict.Failure} [{description}] | repro: MLNET_BACKPROP_FUZZ_CASE={seed} {repro}");
        }
        string label = surface.Length == 0 ? "fuzz" : $"fuzz ({surface})";
        string summary = $"{label}: {cases} cases (seeds {first}..{first + cases - 1}) in {watch.Elapsed.TotalSeconds:F0} s: " +
            string.Join(", ", outcomes.Select(o => $"{o.Value} {o.Key}")) + (extra is null ? "" : "; " + extra(descriptions));
        output.WriteLine(summary);
        if (single is null)
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, surface.Length == 0 ? "fuzz-summary.txt" : $"fuzz-summary-{surface}.txt"), summary + Environment.NewLine);
        foreach (var (kind, count) in refusals.OrderByDescending(r => r.Value).Take(40)) output.WriteLine($"  {count,6} × {kind}");
        // One line per kind of failure (numbers blanked), with its count: the first of each kind is its repro.
        var kinds = failures.GroupBy(f => Regex.Replace(f[(f.IndexOf(':') + 1)..f.IndexOf(" [", StringComparison.Ordinal)], "[0-9.E+-]+", "#"))
            .Select(g => $"{g.Count()} × {g.First()}");
        failures.ShouldBeEmpty(summary + Environment.NewLine + string.Join(Environment.NewLine, kinds));
    }
}
