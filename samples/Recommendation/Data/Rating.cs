using Microsoft.ML.Data;

namespace Recommendation.Data;

/// <summary>One lecture evaluation of InstEval: who rated whom, in which department, and the rating (1–5).</summary>
public sealed class Rating
{
    [LoadColumn(0)] public string Student { get; set; } = "";
    [LoadColumn(1)] public string Lecturer { get; set; } = "";
    [LoadColumn(2)] public string Department { get; set; } = "";
    /// <summary>1 when the lecture was a service course for another department.</summary>
    [LoadColumn(3)] public float Service { get; set; }
    /// <summary>The student's semester group (1–4, ordinal).</summary>
    [LoadColumn(4)] public float StudentAge { get; set; }
    /// <summary>How many semesters ago the lecture was held (1–6, ordinal).</summary>
    [LoadColumn(5)] public float LectureAge { get; set; }
    [LoadColumn(6), ColumnName("Label")] public float Score { get; set; }
}
