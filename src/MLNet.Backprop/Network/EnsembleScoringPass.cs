using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network;

/// <summary>
/// Scores one row through the networks of an ensemble with the layers after the first advanced together, four networks at
/// a time (<see cref="InterleavedRows"/>): every network's values are those of its own scoring pass
/// (<see cref="NeuralNetwork.Score"/>, or <see cref="NeuralNetwork.Forward(Workspace, in InputView, bool, Rng?, int, CounterDropout?)"/>
/// without shared encodings), bit for bit; only the order in which the networks' independent products run changes.
/// </summary>
/// <remarks>A one-row product of a narrow layer is a few chains of dependent FMAs that wait on the FMA's latency; four
/// networks' chains side by side fill that wait. The first layers (the input stages) run network by network as before:
/// their products are wide enough. Not thread-safe: one per scorer, with its workspaces.</remarks>
internal sealed class EnsembleScoringPass
{
    private readonly NeuralNetwork[] _networks;
    private readonly Workspace[] _workspaces;

    // Per layer after the first and group of four networks: the products' inputs (the layer before's outputs), weights
    // and pre-activations, as InterleavedRows takes them.
    private readonly float[][][][] _inputs, _weights, _z;

    private EnsembleScoringPass(NeuralNetwork[] networks, Workspace[] workspaces)
    {
        _networks = networks;
        _workspaces = workspaces;
        int layers = networks[0].Layers.Count, groups = networks.Length / InterleavedRows.Count;
        _inputs = new float[layers][][][];
        _weights = new float[layers][][][];
        _z = new float[layers][][][];
        for (int l = 1; l < layers; l++)
        {
            int at = l;
            _inputs[l] = Groups(groups, n => workspaces[n].Output[at - 1]);
            _weights[l] = Groups(groups, n => networks[n].Layers[at].WeightParameter.Values);
            _z[l] = Groups(groups, n => workspaces[n].Z[at]);
        }
    }

    /// <summary>A pass over <paramref name="networks"/> with their one-row <paramref name="workspaces"/>; null where it
    /// would not pay or not apply: fewer than four networks, or networks whose layers after the first differ in shape.</summary>
    public static EnsembleScoringPass? For(IReadOnlyList<NeuralNetwork> networks, Workspace[] workspaces)
    {
        if (networks.Count < InterleavedRows.Count || workspaces.Length != networks.Count || workspaces.Any(w => w.Capacity != 1)) return null;
        var first = networks[0].Layers;
        foreach (var network in networks)
        {
            var layers = network.Layers;
            if (layers.Count != first.Count) return null;
            for (int l = 1; l < layers.Count; l++)
                if (layers[l].InputSize != first[l].InputSize || layers[l].OutputSize != first[l].OutputSize) return null;
        }
        if (first.Count < 2) return null;
        return new EnsembleScoringPass([.. networks], workspaces);
    }

    /// <summary>Every network's scoring pass of <paramref name="row"/> (one row); <see cref="Logits"/> then reads each
    /// network's outputs. <paramref name="shared"/>: the encodings the networks share, as for <see cref="NeuralNetwork.Score"/>.</summary>
    public void Forward(in InputView row, SharedEncodings? shared)
    {
        if (row.Rows != 1) throw new ArgumentException($"One row at a time; {row.Rows} given.", nameof(row));
        for (int n = 0; n < _networks.Length; n++)
        {
            var ws = _workspaces[n];
            _networks[n].Input.Forward(row, ws.Z[0], ws.A[0], 1, ws.InputScratch, shared, n);
            Publish(n, 0);
        }
        for (int l = 1; l < _inputs.Length; l++)
        {
            var shape = _networks[0].Layers[l];
            int grouped = _inputs[l].Length * InterleavedRows.Count;
            for (int g = 0; g < _inputs[l].Length; g++) InterleavedRows.Multiply(_inputs[l][g], _weights[l][g], _z[l][g], shape.OutputSize, shape.InputSize);
            for (int n = 0; n < _networks.Length; n++)
            {
                var ws = _workspaces[n];
                var layer = _networks[n].Layers[l];
                if (n < grouped) layer.Activate(ws.Z[l], ws.A[l], 1, 1);
                else layer.Forward(ws.Output[l - 1].AsSpan(0, layer.InputSize), ws.Z[l], ws.A[l], 1, 1);
                Publish(n, l);
            }
        }
    }

    /// <summary>Network <paramref name="network"/>'s outputs of the last <see cref="Forward"/>.</summary>
    public ReadOnlySpan<float> Logits(int network) => _workspaces[network].Output[^1].AsSpan(0, _networks[network].OutputSize);

    // Scoring, dropout is off: a layer with dropout passes A on as it is (its output buffer is not A's).
    private void Publish(int network, int layer)
    {
        var ws = _workspaces[network];
        var description = _networks[network].Layers[layer];
        if (description.DropoutRate > 0f) ws.A[layer].AsSpan(0, description.OutputSize).CopyTo(ws.Output[layer]);
    }

    private static float[][][] Groups(int groups, Func<int, float[]> of) =>
        Enumerable.Range(0, groups).Select(g => Enumerable.Range(g * InterleavedRows.Count, InterleavedRows.Count).Select(of).ToArray()).ToArray();
}
