using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>What one network asks of the training rows (<see cref="TrainingRows.ForNetwork"/>).</summary>
/// <param name="Seed">Seeds the network's hold-out split.</param>
/// <param name="HoldOut">Share of the rows to hold out for validation when <paramref name="Validation"/> is null; 0 for none.</param>
/// <param name="Validation">The user's validation rows, already standardised, or null.</param>
/// <param name="Standardization">The maps applied to what the network sees.</param>
/// <param name="Classification">Whether labels are classes (the hold-out is then stratified).</param>
/// <param name="Balance">Checks the counted rows' weights and returns the class balance to apply, or null; the string
/// names the rows in messages.</param>
/// <param name="BalancedSampling">Serve mini-batches with the classes equally represented (in memory only).</param>
/// <param name="AutomaticHoldOut">The hold-out is the automatic one: classes too small to give it a row leave it empty
/// (the network then trains without validation rows) rather than refused (<see cref="TrainingSplit.Stratified"/>).</param>
/// <param name="ByRow">The hold-out is drawn row by row (<see cref="TrainingSplit.ByRow"/>, the micro-batch and cluster
/// modes), not stratified; the training part's summary is then the counting pass over all the rows, held-out ones
/// included (a cluster's coordinator has that one from the shards' manifest without reading a row).</param>
internal sealed record NetworkRowsRequest(ulong Seed, float HoldOut, TrainingData? Validation, Standardization Standardization, bool Classification,
    Func<DataSummary, string, ClassBalance?> Balance, bool BalancedSampling = false, bool AutomaticHoldOut = false, bool ByRow = false)
{
    /// <summary>The row-by-row hold-out to draw, or null (validation rows given, no share, or a stratified hold-out).</summary>
    public RowHoldOut? RowHoldOut => ByRow && Validation is null && HoldOut > 0f ? new RowHoldOut(Seed, HoldOut) : null;
}
