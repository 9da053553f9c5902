using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Training.Optimizers;

/// <summary>Catch-up of skipped steps (<see cref="SparseUpdates.CatchUp"/>): the closed form's coefficients against the
/// step-by-step sums, and a matrix whose rows are touched now and then, caught up, against the same matrix updated on
/// every row every step, over many steps with a changing learning rate.</summary>
public class CatchUpTests
{
    private const int Rows = 40, Width = 11; // 11 = 8 + 2 + 1: the lane widths and the scalar tail

    /// <summary>A learning rate per step that changes as schedules do (cosine-like, with jumps).</summary>
    private static float LearningRate(long t) => (float)(0.01 * (0.55 + 0.45 * Math.Cos(t / 97.0)) * (t % 150 < 75 ? 1 : 0.5));

    [Theory]
    [InlineData(0.9, 0.999, 0.0)]
    [InlineData(0.9, 0.999, 0.5)]
    [InlineData(0.5, 0.9, 2.0)]
    public void Since_AnyGap_EqualsTheStepByStepSums(double beta1, double beta2, double lambda)
    {
        double ratio = beta1 / Math.Sqrt(beta2);
        var skipped = SkippedSteps.For(ratio)!;
        const int steps = 700;
        var factor = new double[steps + 1];
        var keep = new double[steps + 1];
        for (int t = 1; t <= steps; t++)
        {
            double lr = LearningRate(t);
            factor[t] = lr * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
            keep[t] = 1 - lr * lambda;
            skipped.Advance(factor[t], keep[t]);
        }
        skipped.Step.ShouldBe(steps);
        foreach (int from in new[] { 0, 1, 2, 100, steps - skipped.Window - 1, steps - skipped.Window, steps - 5, steps - 1, steps })
        {
            // D = Π keep_s; u = Σ a_s·r^(s − from)·Π_{i > s} keep_i, summed directly.
            double d = 1, u = 0;
            for (int s = from + 1; s <= steps; s++)
            {
                u = keep[s] * u + factor[s] * Math.Pow(ratio, s - from);
                d *= keep[s];
            }
            var (k, m) = skipped.Since(from);
            k.ShouldBe(d, 1e-12 * d + 1e-300, $"D from step {from}");
            m.ShouldBe(u, 2e-9 * Math.Max(u, 1e-3) , $"u from step {from}");
        }
    }

    [Fact]
    public void For_RatioOfOneOrMoreOrTooClose_NoClosedForm()
    {
        SkippedSteps.For(1.0).ShouldBeNull();
        SkippedSteps.For(1.05).ShouldBeNull(); // Adam with β1 > √β2: the skipped moves grow
        SkippedSteps.For(0.9999).ShouldBeNull(); // window over the cap
        SkippedSteps.For(0)!.Window.ShouldBe(1);
        SkippedSteps.For(0.9 / Math.Sqrt(0.999))!.Window.ShouldBeInRange(200, 300);
    }

    public static TheoryData<string, float> Rules() => new()
    {
        { "adam", 0f }, { "adam", 0.05f }, { "adamw", 0.01f }, { "momentum", 0f }, { "momentum", 0.05f }, { "nesterov", 0f },
        { "sgd", 0.05f }, { "adagrad", 0.05f }, { "rmsprop", 0.05f },
        // Gradients of 1e-9 to 1e-7 on rows 30–38: √v near ε, where Adam's catch-up sums its skipped steps term by term.
        { "adam-tiny", 0f }, { "adamw-tiny", 0.01f },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void CatchUp_RowsTouchedNowAndThen_EqualEveryRowUpdatesOverManySteps(string rule, float weightDecay)
    {
        // Rows 0–9 are touched at most every 300 steps (gaps longer than Adam's window of 241), rows 10–29 often,
        // rows 30–38 rarely, row 39 never; the reference updates every row every step from the same gradients.
        var caught = Matrix();
        var every = Matrix();
        bool tiny = rule.EndsWith("-tiny", StringComparison.Ordinal);
        rule = rule.Replace("-tiny", "", StringComparison.Ordinal);
        var catchUp = Create(rule, caught, weightDecay);
        var reference = Create(rule, every, weightDecay);
        catchUp.UseCatchUp().ShouldBeTrue();
        var rng = new Rng(7);
        const int steps = 1200;
        var read = new List<int>();
        for (int t = 1; t <= steps; t++)
        {
            read.Clear();
            for (int row = 0; row < Rows - 1; row++)
            {
                bool touched = row < 10 ? (t + 37 * row) % 300 == 0 : row < 30 ? rng.NextDouble() < 0.3 : rng.NextDouble() < 0.01;
                if (touched) read.Add(row);
            }
            // As the training loop does: the rows the forward pass reads are caught up first, then the step.
            ((IReadRowsListener)catchUp).Read(caught, read.ToArray(), 0);
            SetGradients(caught, read, t, tiny);
            SetGradients(every, read, t, tiny);
            every.Touched!.MarkAll();
            float lr = LearningRate(t);
            catchUp.Step(lr);
            reference.Step(lr);
            if (t % 400 == 0 || t == steps)
            {
                catchUp.CatchUpAll();
                for (int i = 0; i < caught.Length; i++)
                    caught.Values[i].ShouldBe(every.Values[i], 2e-5f * (1 + Math.Abs(every.Values[i])), $"{rule}, step {t}, value {i}");
                // Equal to float rounding: every-row rounds 1,200 updates, catch-up one per gap (tolerances 2e-5 of the
                // value, and of the state buffer's largest value, a velocity being a sum with cancellations); a missed or
                // doubled skipped step moves a row by about 1e-2.
                for (int b = 0; b < catchUp.State.Count; b++)
                {
                    float scale = Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(reference.State[b]));
                    for (int i = 0; i < caught.Length; i++)
                        catchUp.State[b][i].ShouldBe(reference.State[b][i], 2e-5f * scale, $"{rule}, step {t}, state {b}[{i}]");
                }
            }
        }
        // The rows moved while untouched (or, for the rules whose zero-gradient step does not move, only by the decay).
        if (rule is "adam" or "adamw" or "momentum" or "nesterov")
            caught.Values.AsSpan(0, Width).ToArray().ShouldNotBe(Matrix().Values.AsSpan(0, Width).ToArray());
    }

    [Fact]
    public void CatchUp_BeforeAnyRowIsRead_NothingCaughtUpTwice()
    {
        // Catching up the same rows twice, or all rows twice, changes nothing: a row records the step it is current at.
        var p = Matrix();
        var adam = new Adam([p]);
        adam.UseCatchUp().ShouldBeTrue();
        for (int t = 1; t <= 30; t++)
        {
            int[] rows = [t % Rows];
            ((IReadRowsListener)adam).Read(p, rows, 0);
            SetGradients(p, rows, t);
            adam.Step(0.01f);
        }
        adam.CatchUpAll();
        float[] once = [.. p.Values];
        adam.CatchUpAll();
        ((IReadRowsListener)adam).Read(p, [0, 1, 2], 0);
        p.Values.ShouldBe(once);
    }

    [Fact]
    public void UseCatchUp_AdamWithBeta1AboveRootBeta2_RefusedSoEveryRowIsUsed()
    {
        new Adam([Matrix()], beta1: 0.99f, beta2: 0.9f).UseCatchUp().ShouldBeFalse();
        new Adam([Matrix()]).UseCatchUp().ShouldBeTrue();
    }

    private static Parameter Matrix()
    {
        var p = new Parameter("layer0.weights", Rows * Width, isWeightMatrix: true) { Touched = new TouchedRows(Rows, Width) };
        for (int i = 0; i < p.Length; i++) p.Values[i] = (float)Math.Sin(0.7 * i + 0.2);
        return p;
    }

    // Non-zero on the listed rows only, as a sparse input's backward pass leaves the gradient.
    private static void SetGradients(Parameter p, IReadOnlyList<int> rows, int step, bool tiny = false)
    {
        Array.Clear(p.Gradients);
        p.Touched!.Clear();
        foreach (int row in rows)
        {
            p.Touched.Add(row);
            for (int j = 0; j < Width; j++)
                p.Gradients[row * Width + j] = (float)(Math.Cos(1.1 * j + 0.9 * row + step) * Math.Pow(10, j % 3 - 1) * (tiny && row >= 30 ? 1e-8 : 1));
        }
    }

    private static Optimizer Create(string rule, Parameter p, float weightDecay) => rule switch
    {
        "sgd" => new Sgd([p], weightDecay),
        "momentum" => new MomentumSgd([p], 0.9f, weightDecay),
        "nesterov" => new NesterovSgd([p], 0.9f, weightDecay),
        "adagrad" => new Adagrad([p], 1e-8f, weightDecay),
        "rmsprop" => new RmsProp([p], 0.9f, 1e-8f, weightDecay),
        "adam" => new Adam([p], weightDecay: weightDecay),
        "adamw" => new AdamW([p], weightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };
}
