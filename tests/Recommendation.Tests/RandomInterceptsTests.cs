using Recommendation.Data;
using Recommendation.Modeling;

namespace Recommendation.Tests;

/// <summary>The sample's reference model against its formula: a group's intercept is its rows' residual sum over n + λ.</summary>
public class RandomInterceptsTests
{
    // One student, one department and age; lecturer a rated 5 and lecturer b rated 1, ten times each (mean 3).
    private static readonly Rating[] Rows = Enumerable.Range(0, 20)
        .Select(i => new Rating { Student = "s", Lecturer = i < 10 ? "a" : "b", Department = "d", StudentAge = 1, LectureAge = 1, Score = i < 10 ? 5 : 1 })
        .ToArray();

    [Fact]
    public void Predict_ShrinkageEqualToTheCount_HalvesTheLecturersOffset()
    {
        // Residual sum 10 × 2 = 20 over n + λ = 20: offset 1, so 3 + 1 (and 3 − 1); the other groups' residuals are 0.
        var model = new RandomIntercepts(Rows, student: 0, lecturer: 10, lecturerService: 0);
        model.Predict(Rows[0]).ShouldBe(4.0, 1e-9);
        model.Predict(Rows[^1]).ShouldBe(2.0, 1e-9);
    }

    [Fact]
    public void Predict_UnseenLecturer_ScoresTheMean()
    {
        var model = new RandomIntercepts(Rows, student: 0, lecturer: 10, lecturerService: 0);
        model.Predict(new Rating { Student = "s", Lecturer = "new", Department = "d", StudentAge = 1, LectureAge = 1 }).ShouldBe(3.0, 1e-9);
    }
}
