namespace MLNet.Backprop.Training;

/// <summary>Evaluation metrics computed inside training (validation and early stopping).</summary>
internal static class Metrics
{
    /// <summary>Area under the ROC curve of <paramref name="scores"/> for 0/1 <paramref name="labels"/>, ties counted as ½
    /// (the Mann–Whitney statistic). NaN when only one class is present.</summary>
    public static double Auc(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        float[] keys = scores.ToArray();
        Array.Sort(keys, order);

        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            double averageRank = (start + 1 + end) / 2.0; // ranks start..end-1 are 1-based start+1..end
            for (int i = start; i < end; i++)
                if (labels[order[i]] > 0.5f) { positiveRankSum += averageRank; positives++; }
            start = end;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Share of rows whose predicted class equals the target: logit &gt; 0 for one output, else the arg-max
    /// against a class index.</summary>
    public static double Accuracy(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int rows, int outputs)
    {
        int correct = 0;
        for (int i = 0; i < rows; i++)
        {
            int predicted, actual;
            if (outputs == 1)
            {
                predicted = logits[i] > 0f ? 1 : 0;
                actual = targets[i] > 0.5f ? 1 : 0;
            }
            else
            {
                ReadOnlySpan<float> row = logits.Slice(i * outputs, outputs);
                predicted = 0;
                for (int j = 1; j < outputs; j++) if (row[j] > row[predicted]) predicted = j;
                actual = (int)targets[i];
            }
            if (predicted == actual) correct++;
        }
        return (double)correct / rows;
    }
}
