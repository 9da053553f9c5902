using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// `--churn-fit [rounds]`: the churn `pipeline.Fit` (featurizer + trainer on the Telco training split) of every trainer
/// of <see cref="ChurnData.Trainers"/>, in rounds that run each once in a rotating order (so that a busy spell of the
/// machine hits all of them alike), after one untimed warm-up fit each; best and median per trainer, each over
/// LbfgsLogisticRegression's (issue 14's target: the MLP with the current defaults within 1.2× of it), and test AUC.
/// </summary>
internal static class ChurnFitTable
{
    public static void Print(int rounds)
    {
        var ml = new MLContext(seed: 0);
        var (train, test) = ChurnData.Load(ml);
        var trainers = ChurnData.Trainers;
        var times = trainers.ToDictionary(t => t, _ => new List<double>());
        var models = new Dictionary<string, ITransformer>();
        foreach (string trainer in trainers) models[trainer] = ChurnData.Pipeline(ml, trainer).Fit(train); // warm-up
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < trainers.Length; k++)
            {
                string trainer = trainers[(round + k) % trainers.Length];
                GC.Collect();
                long start = Stopwatch.GetTimestamp();
                models[trainer] = ChurnData.Pipeline(ml, trainer).Fit(train);
                times[trainer].Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        }
        static double Median(List<double> v)
        {
            var s = v.Order().ToList();
            return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
        }
        string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        var lbfgs = times["LbfgsLogisticRegression"];
        Console.WriteLine($"churn pipeline.Fit (featurizer + trainer, {ChurnData.TrainingRows} rows), {rounds} rotating rounds after a warm-up; load average {LoadAverage()}");
        Console.WriteLine($"  {"trainer",-28} {"best",8} {"median",8}  {"/ Lbfgs best (median)",22}  test AUC");
        foreach (string trainer in trainers)
        {
            var t = times[trainer];
            double auc = ml.BinaryClassification.Evaluate(models[trainer].Transform(test)).AreaUnderRocCurve;
            Console.WriteLine($"  {trainer,-28} {F(t.Min(), "F3"),8} {F(Median(t), "F3"),8}  {F(t.Min() / lbfgs.Min(), "F2") + "× (" + F(Median(t) / Median(lbfgs), "F2") + "×)",22}  {F(auc, "F4")}");
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
