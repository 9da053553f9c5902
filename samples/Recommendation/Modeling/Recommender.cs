using Microsoft.ML;
using Microsoft.ML.Data;
using Recommendation.Data;

namespace Recommendation.Modeling;

/// <summary>
/// Recommendations from a rating model: for a student, every lecturer they have not rated in the training split, scored
/// by the model and ranked. A lecture's other features come from the data: the lecturer's department, service flag
/// and lecture age as most often seen in training, the student's semester group as last seen.
/// </summary>
public sealed class Recommender
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly Dictionary<string, Rating> _lecturers;
    private readonly Dictionary<string, float> _studentAge;
    private readonly ILookup<string, string> _rated;

    public Recommender(MLContext ml, ITransformer model, IReadOnlyList<Rating> training)
    {
        _ml = ml;
        _model = model;
        // The typical lecture of each lecturer (the most frequent department, service flag and lecture age).
        _lecturers = training.GroupBy(r => r.Lecturer).ToDictionary(g => g.Key, g => new Rating
        {
            Lecturer = g.Key,
            Department = Mode(g.Select(r => r.Department)),
            Service = Mode(g.Select(r => r.Service)),
            LectureAge = Mode(g.Select(r => r.LectureAge)),
        });
        _studentAge = training.GroupBy(r => r.Student).ToDictionary(g => g.Key, g => g.Last().StudentAge);
        _rated = training.ToLookup(r => r.Student, r => r.Lecturer);
    }

    /// <summary>The lecturers in training.</summary>
    public int LecturerCount => _lecturers.Count;

    /// <summary>The <paramref name="count"/> best-predicted lecturers <paramref name="student"/> has not rated, best first.</summary>
    public IReadOnlyList<(string Lecturer, string Department, float Predicted)> Top(string student, int count)
    {
        var rated = _rated[student].ToHashSet();
        float age = _studentAge.GetValueOrDefault(student, 1f);
        var candidates = _lecturers.Values.Where(l => !rated.Contains(l.Lecturer)).Select(l => new Rating
        {
            Student = student, Lecturer = l.Lecturer, Department = l.Department, Service = l.Service, StudentAge = age, LectureAge = l.LectureAge,
        }).ToList();
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(candidates));
        var scores = scored.GetColumn<float>("Score").ToArray();
        return candidates.Select((c, i) => (c.Lecturer, c.Department, scores[i])).OrderByDescending(c => c.Item3).ThenBy(c => c.Lecturer, StringComparer.Ordinal)
            .Take(count).ToArray();
    }

    /// <summary>Hit rate at <paramref name="k"/>: of the test students (the first <paramref name="students"/> in id
    /// order) who gave a held-out lecturer 4 or 5, the share whose top <paramref name="k"/> (among lecturers they had not
    /// rated in training) holds one of those lecturers.</summary>
    public double HitRate(IReadOnlyList<Rating> test, int k, int students)
    {
        var liked = test.Where(r => r.Score >= 4 && _lecturers.ContainsKey(r.Lecturer) && !_rated[r.Student].Contains(r.Lecturer))
            .GroupBy(r => r.Student).OrderBy(g => g.Key, StringComparer.Ordinal).Take(students).ToArray();
        if (liked.Length == 0) return double.NaN;
        int hits = liked.Count(g => Top(g.Key, k).Select(t => t.Lecturer).Intersect(g.Select(r => r.Lecturer)).Any());
        return hits / (double)liked.Length;
    }

    private static T Mode<T>(IEnumerable<T> values) where T : notnull =>
        values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.ToString(), StringComparer.Ordinal).First().Key;
}
