using MLNet.Backprop.Network;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Training.Optimizers;

/// <summary>The rows of a matrix a step did not touch (a sparse input's rows of the first layer) under lazy updates:
/// left as they are, values and state; the touched rows get the rule's own formula with the global step number.</summary>
public class LazyRowUpdateTests
{
    private const int RowCount = 6, Width = 11; // 11 = 8 + 2 + 1: the 256-bit lane, a 64-bit part of the 128-bit lane's fall-back and the tail

    /// <summary>Rows touched at steps 1, 2 and 3: row 2 skips step 2, row 5 is never touched.</summary>
    private static readonly int[][] Touched = [[0, 2, 3], [3, 1], [2, 4, 0]];

    private static Parameter Matrix()
    {
        var p = new Parameter("layer0.weights", RowCount * Width, isWeightMatrix: true) { Touched = new TouchedRows(RowCount, Width) };
        for (int i = 0; i < p.Length; i++) p.Values[i] = (float)Math.Sin(0.7 * i + 0.2);
        return p;
    }

    // The step's gradients: non-zero on its touched rows only, as a sparse input's backward pass leaves them.
    private static void SetStep(Parameter p, int step)
    {
        Array.Clear(p.Gradients);
        p.Touched!.Clear();
        foreach (int row in Touched[step])
        {
            p.Touched.Add(row);
            for (int j = 0; j < Width; j++) p.Gradients[row * Width + j] = (float)(Math.Cos(1.1 * j + 0.9 * row + step) * Math.Pow(10, j % 4 - 2));
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.1f)]
    public void Adam_ThreeSteps_TouchedRowsFollowTheFormulaWithTheGlobalStepAndOthersKeepValuesAndMoments(float weightDecay)
    {
        var p = Matrix();
        var adam = new Adam([p], weightDecay: weightDecay);
        float[] w = [.. p.Values], m = new float[p.Length], v = new float[p.Length];
        float beta1 = adam.Beta1, beta2 = adam.Beta2, eps = adam.Epsilon;
        for (int step = 0; step < 3; step++)
        {
            SetStep(p, step);
            float lr = OptimizerTestData.LearningRates[step];
            float bc1 = (float)(1.0 - Math.Pow(beta1, step + 1)), bc2 = (float)(1.0 - Math.Pow(beta2, step + 1));
            foreach (int row in Touched[step])
                for (int j = row * Width; j < (row + 1) * Width; j++)
                {
                    if (weightDecay > 0f) w[j] *= 1f - lr * weightDecay;
                    float g = p.Gradients[j];
                    m[j] = beta1 * m[j] + (1f - beta1) * g;
                    v[j] = beta2 * v[j] + (1f - beta2) * (g * g);
                    w[j] = w[j] - lr * (m[j] / bc1) / (MathF.Sqrt(v[j] / bc2) + eps);
                }
            adam.Step(lr);
            p.Values.ShouldBe(w);
            adam.FirstMoment(0).ToArray().ShouldBe(m);
            adam.SecondMoment(0).ToArray().ShouldBe(v);
        }
        // Row 5 was never touched: as initialised.
        p.Values.AsSpan(5 * Width, Width).ToArray().ShouldBe(Matrix().Values.AsSpan(5 * Width, Width).ToArray());
    }

    public static TheoryData<string> Rules() => new() { "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adamw" };

    [Theory]
    [MemberData(nameof(Rules))]
    public void EveryRule_TouchedRows_UpdatedAsTheSameRowsOfADenseStepAndOthersUntouched(string rule)
    {
        // Each touched row gets exactly what a dense step on a matrix of those rows alone would give; the rest is unchanged.
        var p = Matrix();
        var lazy = Create(rule, p);
        var rows = new Parameter[RowCount];
        var dense = new Optimizer[RowCount];
        for (int r = 0; r < RowCount; r++)
        {
            rows[r] = new Parameter("row", Width, isWeightMatrix: true);
            p.Values.AsSpan(r * Width, Width).CopyTo(rows[r].Values);
            dense[r] = Create(rule, rows[r]);
        }
        var stepOf = new int[RowCount];
        for (int step = 0; step < 3; step++)
        {
            SetStep(p, step);
            float lr = OptimizerTestData.LearningRates[step];
            lazy.Step(lr);
            foreach (int r in Touched[step])
            {
                p.Gradients.AsSpan(r * Width, Width).CopyTo(rows[r].Gradients);
                // The row's own optimizer has taken fewer steps; the lazy update uses the global step number (AdamW's
                // bias corrections), so the row's optimizer is set to the global count before its step.
                dense[r].ResumeAt(step);
                dense[r].Step(lr);
                stepOf[r]++;
            }
            for (int r = 0; r < RowCount; r++)
                p.Values.AsSpan(r * Width, Width).ToArray().ShouldBe(rows[r].Values, $"{rule}, step {step + 1}, row {r}");
        }
        stepOf[5].ShouldBe(0);
    }

    [Fact]
    public void Adam_AllRowsMarked_UpdatesEveryRowAsADenseStep()
    {
        // Dense updates of a sparse input (SparseUpdates = SparseUpdates.EveryRow): a row without gradient still moves with its moments.
        var p = Matrix();
        var plain = new Parameter("plain", p.Length, isWeightMatrix: true);
        p.Values.CopyTo(plain.Values, 0);
        var lazy = new Adam([p]);
        var reference = new Adam([plain]);
        for (int step = 0; step < 3; step++)
        {
            SetStep(p, step);
            p.Touched!.MarkAll();
            p.Gradients.CopyTo(plain.Gradients, 0);
            lazy.Step(0.01f);
            reference.Step(0.01f);
            p.Values.ShouldBe(plain.Values);
        }
    }

    private static Optimizer Create(string rule, Parameter p) => rule switch
    {
        "sgd" => new Sgd([p], 0.05f),
        "momentum" => new MomentumSgd([p], 0.9f, 0.05f),
        "nesterov" => new NesterovSgd([p], 0.9f),
        "adagrad" => new Adagrad([p]),
        "rmsprop" => new RmsProp([p], 0.9f, 1e-8f, 0.05f),
        "adamw" => new AdamW([p]),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };
}
