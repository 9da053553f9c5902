using MLNet.Backprop.Tests.Reliability.Fuzzing;
using Xunit.Abstractions;

namespace MLNet.Backprop.Distributed.Tests.Fuzzing;

/// <summary>The shard-set fuzzer (see <see cref="ShardFuzzCase"/> and <see cref="ShardFuzzOracle"/>); 10 s in CI.</summary>
public sealed class ShardFuzzTests(ITestOutputHelper output)
{
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
