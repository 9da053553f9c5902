namespace MLNet.Backprop.Training;

/// <summary>
/// What training a network of a given shape holds in memory: every parameter as values and gradients, plus the
/// optimizer's state, the update-ratio statistics' copy and the best-epoch snapshot when they are kept; every
/// mini-batch as its inputs plus four buffers per unit (pre-activation, activation, dropout output, delta).
/// </summary>
/// <remarks>Counts are <see cref="long"/> (each is one product of two 32-bit sizes) and totals <see cref="double"/>,
/// so no size wraps around however large the request.</remarks>
internal sealed class TrainingFootprint
{
    private TrainingFootprint(long[] layerWeights, double parameters, int copies)
    {
        LayerWeights = layerWeights;
        Parameters = parameters;
        Copies = copies;
    }

    /// <summary>Weights of each layer (inputs × outputs), input side first.</summary>
    public IReadOnlyList<long> LayerWeights { get; }

    /// <summary>Weights and biases of the whole network.</summary>
    public double Parameters { get; }

    /// <summary>Parameter-sized arrays that training holds.</summary>
    public int Copies { get; }

    /// <summary>Bytes of all parameter-sized arrays.</summary>
    public double ParameterBytes => Parameters * 4 * Copies;

    /// <summary>The footprint of a network <paramref name="inputs"/> → <paramref name="hidden"/> → <paramref name="outputs"/>
    /// trained with <paramref name="options"/>.</summary>
    /// <param name="inputs">Inputs of the first layer.</param>
    /// <param name="hidden">Hidden layers' units.</param>
    /// <param name="outputs">Outputs.</param>
    /// <param name="options">The engine's settings.</param>
    /// <param name="inputParameters">Values of the input stage's own parameters (embedding tables).</param>
    public static TrainingFootprint Of(int inputs, IReadOnlyList<int> hidden, int outputs, TrainingOptions options, double inputParameters = 0)
    {
        long[] sizes = [inputs, .. hidden.Select(h => (long)h), outputs];
        var weights = new long[sizes.Length - 1];
        double parameters = inputParameters;
        for (int l = 0; l < weights.Length; l++)
        {
            weights[l] = sizes[l] * sizes[l + 1];
            parameters += weights[l] + (double)sizes[l + 1];
        }
        int state = options.Optimizer switch
        {
            OptimizerKind.Adam or OptimizerKind.AdamW => 2,
            OptimizerKind.Sgd => 0,
            _ => 1,
        };
        bool keepsBest = (options.EarlyStoppingPatience is not null && options.RestoreBestWeights) || options.OnDivergence == DivergenceBehavior.ReturnBestModel;
        return new TrainingFootprint(weights, parameters, 2 + state + (options.RecordDiagnostics ? 1 : 0) + (keepsBest ? 1 : 0));
    }

    /// <summary>The largest per-batch buffer (values) and the bytes of all of them, for <paramref name="rows"/> rows of
    /// <paramref name="inputs"/> features through layers of <paramref name="units"/>.</summary>
    public static (long LargestBuffer, double Bytes) Batch(int rows, int inputs, IEnumerable<int> units)
    {
        long largest = (long)rows * inputs;
        double values = largest;
        foreach (int n in units)
        {
            largest = Math.Max(largest, (long)rows * n);
            values += 4.0 * rows * n;
        }
        return (largest, values * 4);
    }
}
