using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Integration.Data;

/// <summary>Hold-out splitting (stratified by class for classification) and class weights.</summary>
internal static class TrainingSplit
{
    /// <summary>Splits off about <paramref name="fraction"/> of the rows; per class for classification, so both parts keep
    /// the class proportions. Row order inside each part follows the original order.</summary>
    public static (LabeledData Training, LabeledData Validation) Stratified(LabeledData data, float fraction, bool classification, ulong seed)
    {
        var rng = new Rng(seed);
        var groups = classification
            ? Enumerable.Range(0, data.Rows).GroupBy(r => data.Labels[r]).OrderBy(g => g.Key).Select(g => g.ToArray())
            : [Enumerable.Range(0, data.Rows).ToArray()];
        var validation = new List<int>();
        foreach (var group in groups)
        {
            rng.Shuffle(group);
            int take = (int)Math.Round(group.Length * (double)fraction);
            validation.AddRange(group.Take(take));
        }
        var held = new HashSet<int>(validation);
        var training = Enumerable.Range(0, data.Rows).Where(r => !held.Contains(r)).ToList();
        validation.Sort();
        if (training.Count == 0 || validation.Count == 0)
            throw new ArgumentOutOfRangeException("ValidationFraction", fraction,
                $"ValidationFraction {fraction} of {data.Rows} rows leaves {training.Count} for training and {validation.Count} for validation; both need at least one row.");
        return (data.Select(training), data.Select(validation));
    }

    /// <summary>Example weights with each class re-weighted by n / (K·n_c), times the existing weights.</summary>
    public static float[] Balanced(LabeledData data)
    {
        var counts = new Dictionary<float, double>();
        for (int r = 0; r < data.Rows; r++)
        {
            double w = data.Weights?[r] ?? 1.0;
            counts[data.Labels[r]] = counts.GetValueOrDefault(data.Labels[r]) + w;
        }
        double total = counts.Values.Sum();
        var weights = new float[data.Rows];
        for (int r = 0; r < data.Rows; r++)
            weights[r] = (float)((data.Weights?[r] ?? 1f) * total / (counts.Count * counts[data.Labels[r]]));
        return weights;
    }
}
