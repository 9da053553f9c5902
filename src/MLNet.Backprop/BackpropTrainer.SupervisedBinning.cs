using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

// NumericBinning.Supervised: the trees learn the labels of the rows every network trains on, never a hold-out's, so that
// no network's early stopping (nor the hold-out's calibration) is judged on labels its input encoding has seen.
public sealed partial class BackpropTrainer
{
    /// <summary>Target-aware bin edges (<see cref="SupervisedBins"/>) of the rows given to <c>Fit</c>.</summary>
    /// <param name="data">Every training row, dense, in the order the networks' hold-outs are drawn from; or, streamed or
    /// on a cluster, a sample of them (at <paramref name="positions"/>).</param>
    /// <param name="source">The training rows (their counting pass, and the share a network holds out of them).</param>
    /// <param name="stage">The input stage (its <see cref="FitInputStage.Bins"/>: the most leaves per feature).</param>
    /// <param name="mode">The fit's mode.</param>
    /// <param name="task">The task.</param>
    /// <param name="classCount">Classes of the label's type (multiclass).</param>
    /// <param name="hasValidationData">Whether <c>Fit</c> got validation rows (then nothing is held out).</param>
    /// <param name="seed">The run's seed (network m holds out with <see cref="MemberSeed"/>(seed, m)).</param>
    /// <param name="positions">The rows' positions among all the training rows when the networks hold out row by row
    /// (<see cref="TrainingSplit.HeldOutByRow"/>), or null for the stratified draw of in-memory fits.</param>
    /// <returns>The edges, or null for the automatic encoding when every row is held out by some network (it then takes
    /// quantile bins; an explicit <see cref="NumericBinning.Supervised"/> is refused).</returns>
    private QuantileBins? SupervisedBinsOf(TrainingData data, TrainingRows source, FitInputStage stage, FitMode mode, BackpropTask task, int classCount,
        bool hasValidationData, int seed, long[]? positions)
    {
        var summary = source.Summary;
        CheckLabels(summary.ClassWeights.Keys.ToArray(), task, classCount, "training");
        float? share = FitPlan.HoldOutOf(_options, mode, hasValidationData);
        float holdOut = share ?? AutomaticSettings.HoldOut(summary.Rows, task);
        int networks = FitPlan.NetworksOf(_options, mode);
        var rows = positions is null
            ? RowsNoNetworkHoldsOut(data, holdOut, networks, task != BackpropTask.Regression, seed, automatic: share is null, refuseNone: !stage.Automatic)
            : RowsNoNetworkHoldsOut(positions, NetworkHoldOut(source, mode, holdOut, automatic: share is null), networks, seed, refuseNone: !stage.Automatic);
        if (rows.Length == 0) return null;
        var labels = rows.Select(r => data.Targets[r]).ToArray();
        var weights = rows.Select(r => data.Weights is { } w ? (double)w[r] : 1.0).ToArray();
        int classes = task == BackpropTask.Regression ? 0 : Math.Max(2, (int)labels.Max() + 1);
        if (classes > 0) WeighClasses(labels, weights, classes);

        var features = data.Features;
        int columns = data.Columns;
        var lowest = new float[columns];
        var highest = new float[columns];
        Array.Fill(lowest, float.PositiveInfinity);
        Array.Fill(highest, float.NegativeInfinity);
        for (int r = 0; r < data.Rows; r++)
            for (int c = 0; c < columns; c++)
            {
                float x = features[(long)r * columns + c];
                if (x < lowest[c]) lowest[c] = x;
                if (x > highest[c]) highest[c] = x;
            }
        int threads = _options.NumberOfThreads == 0 ? Environment.ProcessorCount : _options.NumberOfThreads;
        return SupervisedBins.Compute(features, columns, rows, labels, weights, classes, stage.Bins, lowest, highest, threads);
    }

    /// <summary>The rows in the training part of every network's hold-out split (the same draws
    /// <see cref="TrainingRows.ForNetwork"/> makes), ascending; every row when nothing is held out.</summary>
    /// <exception cref="InvalidOperationException">Every row is held out by some network, and <paramref name="refuseNone"/>
    /// (otherwise: none).</exception>
    private int[] RowsNoNetworkHoldsOut(TrainingData data, float holdOut, int networks, bool classification, int seed, bool automatic, bool refuseNone)
    {
        if (holdOut <= 0f) return Enumerable.Range(0, data.Rows).ToArray();
        var heldOut = new bool[data.Rows];
        for (int m = 0; m < networks; m++)
            foreach (int r in TrainingSplit.Stratified(data, holdOut, classification, (ulong)MemberSeed(seed, m), optional: automatic).Validation) heldOut[r] = true;
        return Kept(heldOut, holdOut, networks, refuseNone);
    }

    /// <summary>The rows (at <paramref name="positions"/> among all the training rows) no network's row-by-row hold-out
    /// draws (<see cref="TrainingSplit.HeldOutByRow"/>, the draw <see cref="StreamedRows.ForNetwork"/> and
    /// <see cref="TrainingSplit.ByRow"/> make), ascending.</summary>
    private int[] RowsNoNetworkHoldsOut(long[] positions, float holdOut, int networks, int seed, bool refuseNone)
    {
        var heldOut = new bool[positions.Length];
        for (int m = 0; m < networks && holdOut > 0f; m++)
            for (int r = 0; r < positions.Length; r++) heldOut[r] |= TrainingSplit.HeldOutByRow((ulong)MemberSeed(seed, m), positions[r], holdOut);
        return Kept(heldOut, holdOut, networks, refuseNone);
    }

    private static int[] Kept(bool[] heldOut, float holdOut, int networks, bool refuseNone)
    {
        var rows = Enumerable.Range(0, heldOut.Length).Where(r => !heldOut[r]).ToArray();
        if (rows.Length == 0 && refuseNone)
            throw new InvalidOperationException($"NumericBinning.Supervised: each of the {heldOut.Length} training rows is held out for validation by one of the " +
                $"{networks} networks (hold-out share {holdOut}), so no row's label can shape the bins without reaching early stopping. " +
                "Use fewer networks (EnsembleSize), a smaller ValidationFraction, validation data passed to Fit, or NumericBinning.Quantile.");
        return rows;
    }

    /// <summary>Multiplies each row's weight by its class' weight as training gives it: 1 / (the class' total weight) once
    /// for ClassWeighting.Balanced (its square root for SquareRoot) and once for BalancedSampling (both: their product), the scale being irrelevant to the
    /// splits.</summary>
    private void WeighClasses(float[] labels, double[] weights, int classes)
    {
        double times = (_options.ClassWeighting switch { ClassWeighting.Balanced => 1, ClassWeighting.SquareRoot => 0.5, _ => 0 }) + (_options.BalancedSampling ? 1 : 0);
        if (times == 0) return;
        var totals = new double[classes];
        for (int i = 0; i < labels.Length; i++) totals[(int)labels[i]] += weights[i];
        for (int i = 0; i < labels.Length; i++)
        {
            double total = totals[(int)labels[i]];
            weights[i] = total > 0 ? weights[i] * Math.Pow(1 / total, times) : 0;
        }
    }
}
