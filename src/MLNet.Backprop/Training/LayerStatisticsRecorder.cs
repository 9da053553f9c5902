using System.Runtime.InteropServices;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>Accumulates <see cref="LayerStatistics"/> over one epoch, batch by batch, without allocating per batch.</summary>
internal sealed partial class LayerStatisticsRecorder
{
    private readonly NeuralNetwork _network;
    private readonly bool _unitStatistics;
    private readonly double[] _normSum, _normMax, _updateRatio;
    // A sparse first layer's RMS per touched value, summed over the batches that listed their rows (the in-memory and
    // streaming modes); with fewer such batches than the epoch's (the micro-batch modes' dense steps, an epoch resumed
    // from a checkpoint) the layer's RMS is over every value, as a dense layer's.
    private readonly double[] _touchedRmsSum;
    private readonly int[] _touchedRmsBatches;
    private readonly long[] _nonFinite, _saturated, _activations;
    private readonly float[][] _everActive; // 1 once a unit was positive this epoch
    private readonly bool[] _allActive; // every unit of the layer was positive this epoch: nothing left to scan
    // The weights before the epoch's last step, for the update ratio: the whole matrix, or (a compact sparse layer, whose
    // step moves its touched rows only) those rows, in listed order, with the whole matrix's norm — no second copy of a
    // 2²⁰-row layer. Allocated on first use.
    private readonly float[]?[] _weightsBeforeStep;
    private readonly double[] _normBeforeStep;
    private readonly GradientHistogram?[] _histograms;
    private readonly ParameterSquares _gradientSquares;
    private int _batches;

    /// <summary>A step moves only the rows it lists of a compact matrix (lazy updates, not caught up): the update ratio
    /// then copies those rows only before the step (its sum of squares taken in double over them: within rounding of
    /// the whole matrix's).</summary>
    public bool StepMovesTouchedRowsOnly { get; init; }

    /// <summary>Threads that may share the gradient norms (one parameter each); the norms do not depend on it.</summary>
    public int Threads { get; init; } = 1;

    public LayerStatisticsRecorder(NeuralNetwork network, bool unitStatistics)
    {
        _network = network;
        _gradientSquares = new ParameterSquares(network.Parameters);
        _unitStatistics = unitStatistics;
        int layers = network.Layers.Count;
        _normSum = new double[layers];
        _normMax = new double[layers];
        _updateRatio = new double[layers];
        _touchedRmsSum = new double[layers];
        _touchedRmsBatches = new int[layers];
        _nonFinite = new long[layers];
        _saturated = new long[layers];
        _activations = new long[layers];
        _histograms = new GradientHistogram?[layers];
        _everActive = network.Layers.Select(l => new float[l.OutputSize]).ToArray();
        _allActive = new bool[layers];
        _weightsBeforeStep = new float[layers][];
        _normBeforeStep = new double[layers];
        StartTables(network);
    }

    public void BeginEpoch()
    {
        _batches = 0;
        Array.Clear(_normSum);
        Array.Clear(_normMax);
        Array.Clear(_updateRatio);
        Array.Clear(_touchedRmsSum);
        Array.Clear(_touchedRmsBatches);
        Array.Clear(_nonFinite);
        Array.Clear(_saturated);
        Array.Clear(_activations);
        Array.Clear(_histograms);
        foreach (var active in _everActive) Array.Clear(active);
        Array.Clear(_allActive);
        BeginTables();
    }

    /// <summary>Records a batch's gradient norms and unit activity; returns the global gradient norm (all layers).</summary>
    public double RecordBatch(Workspace ws, int rows) => Record(ws, rows, null);

    /// <summary>The same for a step of the micro-batch mode: the gradients are the reduced step's, the unit activity
    /// was gathered by whoever computed the micro-batches.</summary>
    public double RecordBatch(UnitActivity activity) => Record(null, 0, activity);

    private double Record(Workspace? ws, int rows, UnitActivity? activity)
    {
        _batches++;
        _gradientSquares.Compute(Threads);
        // The input stage's own parameters (embedding tables) come first; they count in the global norm.
        int first = _network.Input.Parameters.Count;
        double globalSquares = 0;
        for (int i = 0; i < first; i++) globalSquares += _gradientSquares[i];
        if (first > 0)
        {
            PhaseClock.Mark(TrainingPhase.GradientNorm);
            RecordTables();
            PhaseClock.Mark(TrainingPhase.Statistics);
        }
        for (int l = 0, firstUnit = 0; l < _network.Layers.Count; firstUnit += _network.Layers[l].OutputSize, l++)
        {
            DenseLayer layer = _network.Layers[l];
            double squares = Checked(_gradientSquares[first + 2 * l], layer.WeightParameter, l) + Checked(_gradientSquares[first + 2 * l + 1], layer.BiasParameter, l);
            double norm = Math.Sqrt(squares);
            _normSum[l] += norm;
            if (!(norm <= _normMax[l])) _normMax[l] = norm; // NaN propagates into the max on purpose
            globalSquares += squares;
            // A step that listed the rows it wrote (a sparse input's first layer): its RMS over those rows, as a table's.
            if (activity is null && layer.WeightParameter.Touched is { } touched)
            {
                _touchedRmsSum[l] += TouchedRms(norm, touched.All ? touched.RowCount : touched.Rows.Length, touched.RowWidth, layer.BiasParameter.Length);
                _touchedRmsBatches[l]++;
            }
            PhaseClock.Mark(TrainingPhase.GradientNorm);
            if (!_unitStatistics) continue;
            if (activity is null) RecordUnits(l, layer, ws!, rows);
            else MergeUnits(l, layer, activity, firstUnit);
            PhaseClock.Mark(TrainingPhase.Statistics);
        }
        return Math.Sqrt(globalSquares);
    }

    /// <summary>Call before the optimizer step of the epoch's last batch: keeps the weights (for the update ratio) and
    /// the gradient histograms.</summary>
    public void BeforeStep()
    {
        if (!_unitStatistics) return;
        for (int l = 0; l < _network.Layers.Count; l++)
        {
            DenseLayer layer = _network.Layers[l];
            float[] w = layer.WeightParameter.Values;
            _normBeforeStep[l] = WideSums.Norm(w);
            if (StepMovesTouchedRowsOnly && layer.WeightParameter.Touched is { Compact: true, All: false } touched)
            {
                int n = touched.RowWidth;
                var rows = touched.Rows;
                if ((_weightsBeforeStep[l]?.Length ?? -1) < rows.Length * n) _weightsBeforeStep[l] = new float[rows.Length * n];
                for (int r = 0; r < rows.Length; r++) w.AsSpan(rows[r] * n, n).CopyTo(_weightsBeforeStep[l].AsSpan(r * n, n));
            }
            else w.CopyTo(_weightsBeforeStep[l] ??= new float[w.Length], 0);
            _histograms[l] = HistogramOf(layer.WeightParameter, layer.BiasParameter);
        }
        TablesBeforeStep();
        PhaseClock.Mark(TrainingPhase.Statistics);
    }

    /// <summary>Call after that optimizer step: ‖Δw‖ / ‖w‖ per layer.</summary>
    public void AfterStep()
    {
        if (!_unitStatistics) return;
        for (int l = 0; l < _network.Layers.Count; l++)
        {
            Parameter weights = _network.Layers[l].WeightParameter;
            float[] after = weights.Values, before = _weightsBeforeStep[l]!;
            double weightNorm = _normBeforeStep[l];
            double delta = before.Length < after.Length ? TouchedDistance(after, before, weights.Touched!) : WideSums.Distance(after, before);
            _updateRatio[l] = weightNorm > 0 ? delta / weightNorm : double.NaN;
        }
        TablesAfterStep();
        PhaseClock.Mark(TrainingPhase.Statistics);
    }

    // The histogram of a layer's gradients; a compact gradient's rows it does not hold count as the zeros they are.
    private static GradientHistogram HistogramOf(Parameter weights, Parameter bias)
    {
        var histogram = GradientHistogram.Of(weights.Gradients, bias.Gradients);
        long absent = weights.Length - weights.Gradients.Length;
        return absent == 0 ? histogram : histogram with { Zeros = histogram.Zeros + absent };
    }

    // ‖after − before‖ over the touched rows (the others did not move), in double.
    private static double TouchedDistance(float[] after, float[] before, TouchedRows touched)
    {
        int n = touched.RowWidth;
        var rows = touched.Rows;
        double squares = 0;
        for (int r = 0; r < rows.Length; r++)
            for (int j = 0; j < n; j++)
            {
                double d = after[rows[r] * n + j] - before[r * n + j];
                squares += d * d;
            }
        return Math.Sqrt(squares);
    }

    public IReadOnlyList<LayerStatistics> EndEpoch()
    {
        var result = new LayerStatistics[_network.Layers.Count];
        for (int l = 0; l < result.Length; l++)
        {
            DenseLayer layer = _network.Layers[l];
            float[] w = layer.WeightParameter.Values;
            double weightNorm = WideSums.Norm(w);
            long nonFinite = _nonFinite[l];
            double normMean = _batches > 0 ? _normSum[l] / _batches : 0;
            if (!double.IsFinite(weightNorm)) nonFinite += CountNonFinite(w) + CountNonFinite(layer.BiasParameter.Values);
            result[l] = new LayerStatistics
            {
                Layer = l,
                GradientNormMean = normMean,
                GradientRms = _batches > 0 && _touchedRmsBatches[l] == _batches ? _touchedRmsSum[l] / _batches
                    : normMean / Math.Sqrt(Math.Max(1, layer.WeightParameter.Length + layer.BiasParameter.Length)),
                GradientNormMax = _normMax[l],
                WeightNorm = weightNorm,
                UpdateRatio = _updateRatio[l],
                GradientHistogram = _histograms[l],
                NonFiniteCount = nonFinite,
                DeadUnitShare = _unitStatistics && layer.Function.CanDie ? _everActive[l].Count(a => a == 0f) / (double)layer.OutputSize : 0,
                SaturatedShare = _unitStatistics && layer.Function.CanSaturate && _activations[l] > 0 ? _saturated[l] / (double)_activations[l] : 0,
            };
        }
        return result;
    }

    /// <summary>The root mean square per value of a gradient of L2 norm <paramref name="norm"/> whose non-zero values lie in
    /// <paramref name="rows"/> rows of <paramref name="width"/> values and <paramref name="alsoTouched"/> values besides:
    /// what a batch touched of a matrix that may be far larger (a sparse first layer, an embedding table).</summary>
    private static double TouchedRms(double norm, int rows, int width, int alsoTouched = 0) => norm / Math.Sqrt((double)rows * width + alsoTouched);

    private double Checked(float squares, Parameter p, int layer)
    {
        if (!float.IsFinite(squares)) _nonFinite[layer] += CountNonFinite(p.Gradients);
        return squares;
    }

    private void RecordUnits(int l, DenseLayer layer, Workspace ws, int rows)
    {
        int n = layer.OutputSize;
        if (layer.Function.CanDie)
        {
            // A healthy layer has every unit active after a batch or two; from then on the epoch's answer is known.
            if (_allActive[l]) return;
            LayerKernels.MarkPositiveColumns(ws.Z[l].AsSpan(0, rows * n), _everActive[l], rows, n);
            _allActive[l] = !MemoryMarshal.Cast<float, int>(_everActive[l].AsSpan()).Contains(0); // flags are 0 or 1: an integer scan is vectorised
        }
        else if (layer.Function.CanSaturate)
        {
            ReadOnlySpan<float> a = ws.A[l].AsSpan(0, rows * n);
            _saturated[l] += layer.Function.CountSaturated(a);
            _activations[l] += a.Length;
        }
    }

    private static long CountNonFinite(ReadOnlySpan<float> values)
    {
        long count = 0;
        foreach (float v in values) if (!float.IsFinite(v)) count++;
        return count;
    }
}
