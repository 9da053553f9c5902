using System.Reflection;
using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Training;
using MLNet.Backprop.Tests.Reliability.Fuzzing;

namespace MLNet.Backprop.Experiments.Tests.Fuzzing;

/// <summary>
/// Runs a tuner case and accepts only the documented outcomes: a result whose best trial has a finite score and was
/// scored on the most folds of any trial without error; or an <see cref="ArgumentException"/> naming a tuner setting,
/// a trainer option or a column role, or an <see cref="InvalidOperationException"/> naming a fold, a column, a row or a
/// trial, thrown by MLNet.Backprop or its Experiments package (never an AggregateException or ML.NET's evaluator).
/// Every third case runs again with another parallelism and must end the same way (the same scores, or the same message).
/// </summary>
internal static class TunerFuzzOracle
{
    private static readonly Assembly[] Ours = [typeof(BackpropTrainer).Assembly, typeof(BackpropTuner).Assembly];
    private static readonly string[] Names =
    [
        .. typeof(BackpropTuner).GetProperties().Select(p => p.Name), .. typeof(TuningSpace).GetProperties().Select(p => p.Name),
        .. typeof(BackpropTrainer.Options).GetProperties().Select(p => p.Name), "label", "feature", "weight", "trainData",
    ];

    public static FuzzVerdict Run(TunerFuzzCase c, int seed)
    {
        var (outcome, failure, refusal, fingerprint) = Once(c, c.Tuner);
        if (failure is not null || c.Timed || seed % 3 != 0) return new(outcome, failure, refusal);
        var again = Once(c, () =>
        {
            var other = c.Tuner();
            other.MaxDegreeOfParallelism = other.MaxDegreeOfParallelism == 1 ? 3 : 1;
            return other;
        });
        if (again.Fingerprint != fingerprint)
            return new(outcome, $"another parallelism ended otherwise: '{Short(fingerprint)}' then '{Short(again.Fingerprint)}'");
        return new(outcome, null, refusal);
    }

    private static (string Outcome, string? Failure, string? Refusal, string Fingerprint) Once(TunerFuzzCase c, Func<BackpropTuner> tuner)
    {
        BackpropTuner made;
        try
        {
            made = tuner();
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName is { } name && Names.Contains(name))
        {
            return ("Refused", null, FuzzVerdict.Kind(e), e.Message); // a setting out of range, refused by its setter
        }
        TuningResult result;
        try
        {
            result = made.Tune(new MLContext(0), c.Data);
        }
        catch (Exception e)
        {
            string? problem = e switch
            {
                _ when !Ours.Contains(e.TargetSite?.DeclaringType?.Assembly) => "not thrown by MLNet.Backprop",
                ArgumentException a when e.GetType() == typeof(ArgumentException) || e is ArgumentOutOfRangeException =>
                    a.ParamName is { } name && Names.Contains(name) ? null : $"parameter '{a.ParamName}' names no setting, option or column role",
                InvalidOperationException when e.GetType() == typeof(InvalidOperationException) =>
                    new[] { "Fold", "fold", "'Label'", "'Features'", "row", "trial", "NumberOfFolds" }.Any(e.Message.Contains) ? null : "a message naming no fold, column, row or trial",
                TrainingDivergedException => null,
                _ => "an undocumented exception type",
            };
            string fingerprint = $"{e.GetType().Name}: {e.Message}";
            return problem is null ? ("Refused", null, FuzzVerdict.Kind(e), fingerprint) : ("Failed", $"Tune threw {FuzzVerdict.Describe(e)}: {problem}", null, fingerprint);
        }
        var best = result.Best;
        int most = result.Trials.Where(t => t.Error is null).Max(t => t.FoldScores.Count);
        if (!double.IsFinite(best.Score)) return ("Failed", $"the best trial's score is {best.Score}", null, "");
        if (best.Error is not null || best.FoldScores.Count != most) return ("Failed", "the best trial is not among those scored on the most folds", null, "");
        if (result.Trials.Any(t => t.Error is null && t.FoldScores.Count == most && t.Score > best.Score))
            return ("Failed", "a trial scored on as many folds has a better mean than the best", null, "");
        return ("Tuned", null, null, string.Join(";", result.Trials.Select(t => $"{t.Index}:{string.Join(",", t.FoldScores)}:{t.Error}")));
    }

    private static string Short(string s) => s.Length > 160 ? s[..160] + "…" : s;
}
