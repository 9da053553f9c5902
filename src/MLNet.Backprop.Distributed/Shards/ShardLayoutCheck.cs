using MLNet.Backprop.Distributed.Messaging;

namespace MLNet.Backprop.Distributed.Shards;

/// <summary>The shards' row layout (from their headers) against the run's: the network reads the manifest's feature
/// count, so a manifest edited to another count, or shards of another set, would train on misaligned rows.</summary>
internal static class ShardLayoutCheck
{
    /// <exception cref="InvalidDataException">The shards' rows are not the run's (the message names the shard).</exception>
    public static void Verify(ShardRows rows, JobSpec spec)
    {
        var first = spec.Shards[0].Path;
        // The network reads the features as one dense block (as given or encoded, by one part or by several side by side,
        // each reading all of it) or one sparse block; the shards serve either form.
        var shape = Network.Inputs.InputShape.Of(spec.Inputs.Select(p => p.ToDescription()));
        int inputs = shape.DenseWidth + shape.SparseWidth;
        if (rows.Columns != inputs)
            throw new InvalidDataException($"Shard '{first}' holds rows of {rows.Columns} features, but the shard set's manifest says {inputs} " +
                "(the network's input width): the manifest does not describe these shards. Write the shard set again (ShardSet.Write).");
        int keys = spec.Inputs.Count(p => p.Kind == Network.Inputs.InputKind.Embedding);
        if (rows.KeyColumns != keys)
            throw new InvalidDataException($"Shard '{first}' holds {rows.KeyColumns} categorical keys per row, but the run's network looks up {keys} " +
                "(one per categorical column): the shards were written with other CategoricalColumnNames. Write the shard set again (ShardSet.Write).");
        if (rows.TargetWidth != 1)
            throw new InvalidDataException($"Shard '{first}' holds {rows.TargetWidth} target values per row; shards hold one (the label).");
        if (rows.HasExampleWeights != spec.HasWeights)
            throw new InvalidDataException($"Shard '{first}' {(rows.HasExampleWeights ? "holds" : "holds no")} example weights, but the shard set's manifest says " +
                $"it {(spec.HasWeights ? "does" : "does not")}: the manifest does not describe these shards. Write the shard set again (ShardSet.Write).");
    }
}
