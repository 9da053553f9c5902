using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>
/// Every training row given to <c>Fit</c>, read and checked once: held in memory (<see cref="InMemoryRows"/>), counted and
/// re-read from the data view every epoch (<see cref="StreamedRows"/>), or held by a micro-batch backend's workers
/// (<see cref="BackendRows"/>). Each network of a model draws its own hold-out and batches from them.
/// </summary>
internal abstract class TrainingRows(DataSummary summary)
{
    /// <summary>The counting pass over all of them.</summary>
    public DataSummary Summary { get; } = summary;

    /// <summary>Serves the rows in the form <paramref name="inputs"/> says (the fit plan's: dense or sparse), from now on;
    /// called once, before any network asks for them.</summary>
    public virtual void Serve(InputShape inputs) => Inputs = inputs;

    /// <summary>The form the rows are served in (<see cref="Serve"/>).</summary>
    public InputShape Inputs { get; private set; } = InputShape.Dense(summary.Columns);

    /// <summary>An upper bound of |feature value| over the rows (with the weights it bounds a model's outputs without a pass).</summary>
    public abstract double MaxAbsFeature { get; }

    /// <summary>The share of the rows one network holds out, given the plan's <paramref name="share"/> (automatic or
    /// not): as given, unless where the rows live bounds it (<see cref="StreamedRows"/>).</summary>
    public virtual float HoldOutShare(float share, bool automatic) => share;

    /// <summary>The rows one network trains on: its hold-out split off, the class balance and the standardisation applied
    /// as batches are gathered.</summary>
    public abstract TrainingSet ForNetwork(NetworkRowsRequest request);

    /// <summary>Calls <paramref name="visit"/> with every row's input, <paramref name="chunkRows"/> rows at a time (and
    /// the index of the chunk's first row), in row order.</summary>
    /// <exception cref="InvalidOperationException">This process does not read the rows (a backend's workers do).</exception>
    public abstract void ForEachChunk(int chunkRows, InputChunkAction visit);
}

/// <summary>Receives one chunk of rows' input (see <see cref="TrainingRows.ForEachChunk"/>).</summary>
internal delegate void InputChunkAction(in InputView rows, long firstRow);
