using Microsoft.ML;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

/// <summary>Where the micro-batch mode's rows and steps come from when they are not this process's (the distributed
/// package implements it; the trainer's checks, network, diagnosis and model stay the trainer's).</summary>
internal interface IMicroBatchBackend
{
    /// <summary>The training rows' layout and summary, for <paramref name="task"/>; <paramref name="schema"/> is the
    /// data view given to <c>Fit</c> (its rows are not read).</summary>
    (RowLayout Layout, DataSummary Summary) Describe(IDataView schema, BackpropTask task);

    /// <summary>The training rows of the given indices (<see cref="BinningSample.RowsOf"/>'s, ascending), in that order,
    /// with their labels (and example weights, if the rows have them), dense: the rows the bin edges of
    /// <see cref="NumericEncoding.PiecewiseLinear"/> are learnt from.</summary>
    TrainingData BinningSample(int[] rows);

    /// <summary>The training rows of the given indices (a row-by-row hold-out's, <see cref="RowHoldOut"/>), in that
    /// order, with their labels, example weights (if the rows have them, without the class balance) and categorical keys,
    /// in the form <paramref name="inputs"/> says (the network's: dense, or sparse entries): the validation rows early
    /// stopping and the calibration score in this process.</summary>
    TrainingData HeldOutRows(int[] rows, Network.Inputs.InputShape inputs);

    /// <summary>The executor (and checkpoints) of a run about to start.</summary>
    MicroBatchSetup Prepare(MicroBatchJob job);
}

/// <summary>What a backend needs to run the steps of one training run.</summary>
/// <param name="Network">The freshly initialised network (its architecture and starting weights).</param>
/// <param name="Loss">The loss.</param>
/// <param name="Plan">The cut of each epoch into steps and micro-batches.</param>
/// <param name="Options">The engine's settings (seed, shuffling, diagnostics...).</param>
/// <param name="Balance">The class balance applied to the rows, or null.</param>
/// <param name="HoldOut">The row-by-row hold-out: the rows the plan cuts are those it leaves for training; null for all the rows.</param>
/// <param name="Map">The features' and the label's maps the rows are trained with (<see cref="StandardizedRows"/>), or null
/// for the rows as given.</param>
/// <param name="Member">Which network of the model this run trains, from 0 (an ensemble's networks train one after
/// another, each its own run: its own checkpoint file).</param>
internal sealed record MicroBatchJob(NeuralNetwork Network, ILossFunction Loss, MicroBatchPlan Plan, TrainingOptions Options, ClassBalance? Balance,
    RowHoldOut? HoldOut = null, Standardization? Map = null, int Member = 0);
