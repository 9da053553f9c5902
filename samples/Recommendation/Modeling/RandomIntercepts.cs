using Recommendation.Data;

namespace Recommendation.Modeling;

/// <summary>
/// A reference outside ML.NET: the mixed model y ~ department×service + student age + lecture age + (1|student) +
/// (1|lecturer) + (1|lecturer×service) + (1|lecture) (lecturer × service × lecture age; left out when its λ is 0), its intercepts fitted by alternating ridge updates (each group's intercept is its
/// rows' mean residual shrunk by n / (n + λ), λ = σ²/τ² as in a random-effects model's best linear unbiased predictors).
/// No learned vectors, no interactions: what a bias per id reaches, to measure the MLP against.
/// </summary>
public sealed class RandomIntercepts
{
    private static readonly Func<Rating, string>[] Groups =
    [
        r => r.Department + (r.Service > 0 ? "+s" : "+n"), r => $"a{r.StudentAge}", r => $"l{r.LectureAge}",
        r => r.Student, r => r.Lecturer, r => r.Lecturer + (r.Service > 0 ? "+s" : "+n"), r => $"{r.Lecturer}|{r.Service}|{r.LectureAge}",
    ];

    private readonly Dictionary<string, double>[] _intercepts;
    private readonly double _mean;

    /// <summary>Fits on <paramref name="training"/> with shrinkage λ for the student, lecturer, lecturer×service and
    /// lecture (lecturer × service × lecture age) intercepts (λ 1 for the three fixed-effect-like groups; 0 leaves a group
    /// out).</summary>
    public RandomIntercepts(IReadOnlyList<Rating> training, double student, double lecturer, double lecturerService, double lecture = 0, int sweeps = 30)
    {
        double[] lambdas = [1, 1, 1, student, lecturer, lecturerService, lecture];
        _mean = training.Average(r => r.Score);
        _intercepts = Groups.Select(_ => new Dictionary<string, double>()).ToArray();
        var keys = training.Select(r => Groups.Select(g => g(r)).ToArray()).ToArray();
        for (int sweep = 0; sweep < sweeps; sweep++)
        {
            for (int g = 0; g < Groups.Length; g++)
            {
                if (lambdas[g] <= 0) continue;
                var sums = new Dictionary<string, (double Sum, int Count)>();
                for (int i = 0; i < training.Count; i++)
                {
                    string key = keys[i][g];
                    double own = _intercepts[g].GetValueOrDefault(key);
                    var (sum, count) = sums.GetValueOrDefault(key);
                    sums[key] = (sum + training[i].Score - Predict(keys[i]) + own, count + 1);
                }
                foreach (var (key, (sum, count)) in sums) _intercepts[g][key] = sum / (count + lambdas[g]);
            }
        }
    }

    /// <summary>The predicted rating (an unseen id adds nothing), clamped to 1–5.</summary>
    public double Predict(Rating rating) => Math.Clamp(Predict(Groups.Select(g => g(rating)).ToArray()), 1, 5);

    /// <summary>Root mean squared error on <paramref name="rows"/>.</summary>
    public double Rmse(IReadOnlyList<Rating> rows) => Math.Sqrt(rows.Average(r => Math.Pow(Predict(r) - r.Score, 2)));

    private double Predict(string[] keys)
    {
        double p = _mean;
        for (int g = 0; g < keys.Length; g++) p += _intercepts[g].GetValueOrDefault(keys[g]);
        return p;
    }
}
