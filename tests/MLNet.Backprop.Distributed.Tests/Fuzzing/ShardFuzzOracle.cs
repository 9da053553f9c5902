using System.Diagnostics;
using MLNet.Backprop.Distributed.Coordination;
using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Distributed.Workers;
using MLNet.Backprop.Tests.Reliability.Fuzzing;

namespace MLNet.Backprop.Distributed.Tests.Fuzzing;

/// <summary>
/// Takes a damaged shard set through what a run does with it, without a cluster: <see cref="ShardSet.Load"/>, the
/// coordinator's checks against the view given to <c>Fit</c> (<c>ClusterBackend.Describe</c>, the schema check), a
/// worker opening the job's shards (<see cref="DistributedJob"/>) and computing a step's micro-batches. Accepted: each
/// stage succeeds, or refuses with <see cref="InvalidDataException"/> (<see cref="FileNotFoundException"/> for a missing
/// manifest) naming the manifest or a shard of the set, or <see cref="InvalidOperationException"/> naming the set or a
/// column. Failures: any other exception, a loaded set whose shard paths leave its directory, a stage that takes more
/// than 10 s (a device or a huge file read without end).
/// </summary>
internal static class ShardFuzzOracle
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(10);

    public static FuzzVerdict Run(ShardFuzzCase c)
    {
        var watch = Stopwatch.StartNew();
        FuzzVerdict verdict;
        try
        {
            verdict = Judge(c);
        }
        finally
        {
            try { Directory.Delete(c.Directory, recursive: true); } catch (IOException) { }
        }
        return watch.Elapsed > Slow ? verdict with { Failure = $"took {watch.Elapsed.TotalSeconds:F0} s ({verdict.Outcome})" } : verdict;
    }

    private static FuzzVerdict Judge(ShardFuzzCase c)
    {
        string directory = Path.GetFullPath(c.Directory);
        string manifest = Path.Combine(directory, ShardSet.ManifestFileName);
        ShardSet set;
        try
        {
            set = ShardSet.Load(directory);
        }
        catch (Exception e)
        {
            bool ok = e is InvalidDataException && e.Message.Contains(manifest) || e is FileNotFoundException;
            return ok ? Refused("RefusedAtLoad", e) : Failed("Load", e);
        }
        if (set.ShardPaths.FirstOrDefault(p => Path.GetDirectoryName(p) != directory) is { } outside)
            return new FuzzVerdict("Failed", $"the loaded set reads '{outside}', outside its directory");

        var options = ShardFuzzCase.Options(c.Weighted, c.Keyed);
        try
        {
            new ClusterBackend(new ClusterTrainingOptions { Shards = set }, _ => { }).Describe(c.Data, BackpropTask.BinaryClassification);
            ShardSetSchemaCheck.Verify(set, options, c.Data.Schema);
        }
        catch (Exception e)
        {
            bool ok = e.GetType() == typeof(InvalidOperationException) && (e.Message.Contains(manifest) || e.Message.Contains("ExampleWeightColumnName"));
            return ok ? Refused("RefusedByCoordinator", e) : Failed("the coordinator's checks", e);
        }

        // The keyed sets' network looks the key up in a table of width 2 beside the features.
        int keys = c.Keyed ? (int)((Microsoft.ML.Data.KeyDataViewType)c.Data.Schema[ShardFuzzCase.KeyColumn].Type).Count : 0;
        var table = MLNet.Backprop.Network.Inputs.InputPartDescription.Embedding(keys, 2);
        InputPartSpec[] inputs = c.Keyed
            ? [new(MLNet.Backprop.Network.Inputs.InputKind.Dense, set.FeatureCount, set.FeatureCount), InputPartSpec.Of(table)]
            : [new(MLNet.Backprop.Network.Inputs.InputKind.Dense, set.FeatureCount, set.FeatureCount)];
        int firstInputs = set.FeatureCount + (c.Keyed ? 2 : 0);
        var spec = new JobSpec("fuzz", set.Shards,
            [new LayerSpec(firstInputs, 4, Activation.Tanh, 0f, 0f), new LayerSpec(4, 1, Activation.Identity, 0f, 0f)],
            LossFunction.BinaryCrossEntropy, 0f, (int)set.Rows, 16, 8, 3, true, true, null, null, inputs, set.Data.HasWeights);
        try
        {
            using var job = new DistributedJob(spec);
            var weights = new float[(c.Keyed ? table.OwnValues : 0) + (firstInputs + 1) * 4 + 5];
            for (int i = 0; i < weights.Length; i++) weights[i] = 0.1f * ((i % 7) - 3);
            var nodes = job.Compute(new StepRequest(spec, 1, 0, 0, 0, job.Plan.MicroBatchesPerStep, new FloatVector(weights)));
            if (nodes.Count == 0) return new FuzzVerdict("Failed", "a step's block computed no node");
            return new FuzzVerdict("Computed");
        }
        catch (Exception e)
        {
            bool ok = e is InvalidDataException && (e.Message.Contains(directory) || e.Message.Contains("The shards hold"));
            return ok ? Refused("RefusedByWorker", e) : Failed("the worker", e);
        }
    }

    private static FuzzVerdict Refused(string outcome, Exception e) => new(outcome, null, FuzzVerdict.Kind(e));

    private static FuzzVerdict Failed(string stage, Exception e) => new("Failed", $"{stage} threw {FuzzVerdict.Describe(e)}");
}
