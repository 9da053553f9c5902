using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>An embedding table that learns nothing: its touched rows never move by more than a negligible share of
/// their size, or most of its key values (or all but one) never had a training row, so their vectors stay as they
/// were drawn. One finding per table, with each reason that holds.</summary>
internal sealed class FrozenEmbeddingCheck : IDiagnosticCheck
{
    public bool PerEpoch => false;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        if (history.Epochs.Count == 0) yield break;
        var last = history.Epochs[^1];
        var t = context.Thresholds;
        foreach (var table in last.Embeddings)
        {
            string column = table.Table >= 0 && table.Table < context.TableNames.Count ? context.TableNames[table.Table] : $"table {table.Table}";
            var messages = new List<string>();
            var advice = new List<string>();
            var evidence = new List<(string, double)>();
            bool warning = false;

            // Every epoch's last step: the largest movement of the run (the diagnostics off: no ratios, no verdict).
            var ratios = history.Epochs.Select(e => e.Embeddings.FirstOrDefault(s => s.Table == table.Table)?.UpdateRatio ?? double.NaN)
                .Where(double.IsFinite).ToArray();
            if (ratios.Length > 0 && ratios.Max() < t.EmbeddingUpdateRatio)
            {
                double largest = ratios.Max();
                warning = true;
                messages.Add($"its vectors do not move: the largest step of the run changed the touched rows by {largest:G2} of their size (learning rate {last.LearningRate:G3})");
                // Rows moving by 10× the frozen ratio per step.
                double suggested = DiagnosisMath.RaisedLearningRate(context.LearningRate, largest, 10 * t.EmbeddingUpdateRatio);
                advice.Add($"raise the learning rate ({context.RaisedLearningRateSetting(suggested)})" +
                    (context.AdaptiveSteps ? "" : " or use Adam, which moves a touched row by about the learning rate") + "; check that the first layer is not dead");
                evidence.Add(("SuggestedLearningRate", suggested));
                if (context.SuggestedWeightDecay(suggested) is double decay) evidence.Add(("SuggestedWeightDecay", decay));
                evidence.Add(("LargestUpdateRatio", largest));
                evidence.Add(("LearningRate", last.LearningRate));
            }

            int seen = table.Keys - table.KeysNeverTouched;
            double unseen = table.Keys > 0 ? table.KeysNeverTouched / (double)table.Keys : 0;
            if (unseen >= t.UntouchedKeyShare)
            {
                warning = true;
                messages.Add($"{table.KeysNeverTouched:N0} of its {table.Keys:N0} key values ({unseen:P0}) never occurred in a training row, so their vectors " +
                    "stay as randomly initialised and score as noise");
                advice.Add("fit MapValueToKey on the training rows (a key mapping built on other data leaves its extra values untrained; values " +
                    "it does not know then score with the learned unknown vector)");
                evidence.Add(("UnseenKeyShare", unseen));
            }
            if (seen <= 1 && table.Keys >= 1)
            {
                messages.Add(seen == 1 ? "a single key value occurs in the training rows: the table adds one learned vector, a constant"
                    : "no key value occurs in the training rows");
                advice.Add($"drop '{column}' from CategoricalColumnNames, or give it data where it varies");
                evidence.Add(("SeenKeys", seen));
            }
            if (messages.Count == 0) continue;
            evidence.Add(("Keys", table.Keys));
            evidence.Add(("Width", table.Width));
            yield return new Finding
            {
                Kind = FindingKind.FrozenEmbedding,
                Severity = warning ? FindingSeverity.Warning : FindingSeverity.Info,
                Column = column,
                Epoch = last.Epoch,
                Message = $"the embedding table of '{column}' learns nothing: " + string.Join("; ", messages),
                Advice = string.Join("; ", advice),
                Evidence = DiagnosisMath.Evidence([.. evidence]),
            };
        }
    }
}
