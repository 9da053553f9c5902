using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Integration.Scoring;

namespace MLNet.Backprop.Tests.Integration.TestDoubles;

/// <summary>Test-only model: outputs = W·x + b (softmax applied for multiclass). Counts the scorers it creates.</summary>
internal sealed class LinearScorerFactory : IScorerFactory
{
    public LinearScorerFactory(PredictionKind kind, float[,] weights, float[] bias, ReadOnlyMemory<char>[]? classNames = null)
    {
        Kind = kind;
        Weights = weights;
        Bias = bias;
        ClassNames = classNames;
    }

    public PredictionKind Kind { get; }

    /// <summary>[output, feature].</summary>
    public float[,] Weights { get; }

    public float[] Bias { get; }

    public int FeatureCount => Weights.GetLength(1);

    public int OutputCount => Weights.GetLength(0);

    public ReadOnlyMemory<char>[]? ClassNames { get; }

    public int ScorersCreated;

    public IRowScorer CreateScorer()
    {
        Interlocked.Increment(ref ScorersCreated);
        return new Scorer(this);
    }

    /// <summary>Reference computation, independent of the plumbing, for expected values.</summary>
    public float[] Expected(float[] x)
    {
        var (scores, predictions) = (new float[OutputCount], new float[OutputCount]);
        new Scorer(this).Score(InputView.OfDense(x, 1), scores, predictions);
        return Kind == PredictionKind.MulticlassClassification ? predictions : scores;
    }

    private sealed class Scorer(LinearScorerFactory m) : IRowScorer
    {
        public void Score(in InputView row, Span<float> scores, Span<float> outputs)
        {
            ReadOnlySpan<float> features = row.Dense;
            for (int o = 0; o < m.OutputCount; o++)
            {
                float z = m.Bias[o];
                for (int i = 0; i < m.FeatureCount; i++)
                    z += m.Weights[o, i] * features[i];
                outputs[o] = scores[o] = z;
            }
            if (m.Kind == PredictionKind.BinaryClassification)
                outputs[0] = MLNet.Backprop.Numerics.ScalarMath.Sigmoid(scores[0]);
            if (m.Kind != PredictionKind.MulticlassClassification)
                return;
            float max = float.NegativeInfinity;
            foreach (float z in outputs)
                max = MathF.Max(max, z);
            float sum = 0;
            for (int o = 0; o < outputs.Length; o++)
                sum += outputs[o] = MathF.Exp(outputs[o] - max);
            for (int o = 0; o < outputs.Length; o++)
                outputs[o] /= sum;
        }
    }
}
