namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>The promise every fit keeps: its weights do not depend on <see cref="BackpropTrainer.Options.NumberOfThreads"/>.</summary>
internal static class ThreadCountFits
{
    /// <summary>Fits with 1 and with 2 threads (<paramref name="fit"/> gets the thread count) and asserts that every
    /// network's parameters are equal bit for bit.</summary>
    public static void ShouldBeBitIdenticalForAnyThreadCount(Func<int, BackpropModel> fit)
    {
        var one = Weights(fit(1));
        var two = Weights(fit(2));

        two.Length.ShouldBe(one.Length);
        for (int p = 0; p < one.Length; p++) two[p].ShouldBe(one[p]);
    }

    private static float[][] Weights(BackpropModel model) =>
        model.Networks.SelectMany(n => n.Parameters).Select(p => p.Values.ToArray()).ToArray();
}
