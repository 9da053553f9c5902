using MLNet.Backprop.Tests.Reliability.Fuzzing;
using Xunit.Abstractions;

namespace MLNet.Backprop.Distributed.Tests.Fuzzing;

/// <summary>The shard-set fuzzer (see <see cref="ShardFuzzCase"/> and <see cref="ShardFuzzOracle"/>); 10 s in CI.</summary>
public sealed class ShardFuzzTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Oracle_UndamagedSet_Computed(bool weighted, bool keyed)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"mlbp-shard-undamaged-{Guid.NewGuid():N}");
        ShardFuzzOracle.Run(ShardFuzzCase.Undamaged(weighted, keyed, directory)).Outcome.ShouldBe("Computed");
        Directory.Exists(directory).ShouldBeFalse(); // the oracle cleans up after every case
    }

    [Fact]
    public void Fuzz_DamagedManifestsAndShards_OnlyDocumentedOutcomes()
    {
        try
        {
            FuzzHarness.Run("shards", 10, seed =>
            {
                // A case that never ends (a device read without end) fails instead of hanging the run.
                var run = Task.Run(() =>
                {
                    var c = ShardFuzzCase.Generate(seed);
                    return (c.Description, ShardFuzzOracle.Run(c));
                });
                return run.Wait(TimeSpan.FromSeconds(60)) ? run.Result : ($"case {seed}", new FuzzVerdict("Failed", "did not finish in 60 s"));
            }, "dotnet test tests/MLNet.Backprop.Distributed.Tests -c Release --filter FullyQualifiedName~ShardFuzzTests", output);
        }
        finally
        {
            if (Directory.Exists(ShardFuzzCase.Root)) Directory.Delete(ShardFuzzCase.Root, recursive: true);
        }
    }
}
