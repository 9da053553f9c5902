using Microsoft.ML;
using MLNet.Backprop;

namespace Recommendation.Modeling;

/// <summary>The models the sample compares on the same split: each a pipeline a user would write.</summary>
public static class Candidates
{
    /// <summary>One model to compare: its name and its whole pipeline (featurizer and trainer).</summary>
    public sealed record Candidate(string Name, IEstimator<ITransformer> Pipeline);

    /// <summary>The ids one-hot encoded (fitted on the training split: 2,971 students, 1,128 lecturers, 14 departments) and
    /// the three numbers, in one Features vector: what ML.NET's trainers can use of an id.</summary>
    public static IEstimator<ITransformer> OneHotIds(MLContext ml) =>
        ml.Transforms.Categorical.OneHotEncoding([new("StudentOneHot", "Student"), new("LecturerOneHot", "Lecturer"), new("DepartmentOneHot", "Department")])
            .Append(ml.Transforms.Concatenate("Features", "StudentOneHot", "LecturerOneHot", "DepartmentOneHot", "Service", "StudentAge", "LectureAge"));

    /// <summary>The ids as keys (each looked up in a learned table by the MLP: entity embeddings) and the three numbers as
    /// the Features vector.</summary>
    public static IEstimator<ITransformer> KeyedIds(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey([new("StudentKey", "Student"), new("LecturerKey", "Lecturer"), new("DepartmentKey", "Department")])
            .Append(ml.Transforms.Concatenate("Features", "Service", "StudentAge", "LectureAge"));

    /// <summary>The ids as keys as in <see cref="KeyedIds"/>, and what a lecture adds as keys too: the lecturer and the
    /// department each crossed with the service flag (a lecturer teaching a service course is rated differently), and the
    /// two ordinal codes (each code its own vector).</summary>
    public static IEstimator<ITransformer> KeyedLectures(MLContext ml) => Keyed(ml, studentDepartment: false);

    /// <summary><see cref="KeyedLectures"/> and student × department as a key too (the second search round only: the
    /// sample's pipeline does not build a column its model does not read).</summary>
    public static IEstimator<ITransformer> KeyedLecturesAndStudentDepartment(MLContext ml) => Keyed(ml, studentDepartment: true);

    private static IEstimator<ITransformer> Keyed(MLContext ml, bool studentDepartment) =>
        ml.Transforms.CustomMapping<Data.Rating, Crossed>((r, c) =>
            {
                c.LecturerService = r.Lecturer + (r.Service > 0 ? "+s" : "+n");
                c.DepartmentService = r.Department + (r.Service > 0 ? "+s" : "+n");
                if (studentDepartment) c.StudentDepartment = r.Student + "@" + r.Department;
                c.Lecture = $"{r.Lecturer}|{r.Service}|{r.LectureAge}";
            }, contractName: null)
            .Append(ml.Transforms.Conversion.MapValueToKey([new("StudentKey", "Student"), new("LecturerKey", "Lecturer"), new("DepartmentKey", "DepartmentService"),
                new("LecturerServiceKey", "LecturerService"), new("LectureKey", "Lecture"), new("StudentAgeKey", "StudentAge"), new("LectureAgeKey", "LectureAge"),
                .. studentDepartment ? new[] { new InputOutputColumnPair("StudentDepartmentKey", "StudentDepartment") } : []]))
            .Append(ml.Transforms.Concatenate("Features", "Service", "StudentAge", "LectureAge"));

    /// <summary>The crossed columns of <see cref="KeyedLectures"/>.</summary>
    public sealed class Crossed
    {
        public string LecturerService { get; set; } = "";
        public string DepartmentService { get; set; } = "";
        public string StudentDepartment { get; set; } = "";
        /// <summary>Lecturer × service × lecture age: one course offering, as near as InstEval's columns tell.</summary>
        public string Lecture { get; set; } = "";
    }

    /// <summary>The MLP with an embedding table per id column: the library's defaults (<paramref name="defaults"/>), or
    /// the configuration chosen by cross-validation on the training split within the fit-time budget
    /// (<see cref="WholeSplitSearch"/>): <see cref="AccurateOptions"/> with six networks of one hidden layer of 16 units,
    /// a scalar per student, lecturer and lecturer×service, batch 256 at learning rate 0.1, at most 40 epochs with early
    /// stopping (patience 4).</summary>
    public static BackpropTrainer.Options EmbeddingOptions(int seed, bool defaults = false)
    {
        if (defaults) return new BackpropTrainer.Options { CategoricalColumnNames = ["StudentKey", "LecturerKey", "DepartmentKey"], Seed = seed };
        // Nine rounds (`--choose --grid fast|faster|scalars|schedules|stopping|budget|final|memory|whole`): the best CV RMSE
        // within the budget, timed as the comparison times a fit (the whole training split from memory, after a warm-up):
        // 1.2007 against the accurate configuration's 1.2001 (eight networks of [64, 32], batch 64) at about 10× LightGbm's fit
        // then (4.2–5.3× with today's library: four side-by-side runs, 2026-12-06 21:03–21:08 UTC, load 0.9–3.7). Larger batches at a larger
        // learning rate keep the tables' L2 prior about as strong per epoch with far fewer every-row updates, and scalar
        // tables make each such update 11k values instead of 85k; early stopping (which explicit epochs would otherwise
        // turn off) was worth 0.0013 in CV over 20 fixed epochs.
        var options = AccurateOptions(seed);
        WholeSplitSearch.Round9Choice(options);
        return options;
    }

    /// <summary>The configuration chosen by cross-validation on the training split before the fit-time budget
    /// (<see cref="ConfigurationSearch"/>, six rounds): about 10× LightGbm's fit time when chosen, about 5× with today's
    /// library (<see cref="EmbeddingOptions"/>). The micro-batch check and the permutation importance read this one (the
    /// README's figures for them are of the earlier three-table model).</summary>
    public static BackpropTrainer.Options AccurateOptions(int seed)
    {
        // Chosen by 3-fold cross-validation on the training split (ConfigurationSearch, `--choose`, six rounds): the
        // lecture's columns as keys too (department×service, the two ages, lecturer×service, and lecturer×service×lecture
        // age, a course offering, as a scalar per offering), narrow tables, L2 on every
        // table row each step (a prior on each id, as a mixed model's random effects), momentum SGD (Adam's per-weight
        // steps move a rarely seen id as far as a common one), eight networks (CV 1.2001 against four's 1.2021).
        return ConfigurationSearch.Chosen(seed, o =>
        {
            Chosen(o);
            ConfigurationSearch.AddOffering(o, 1);
            o.EnsembleSize = 8;
        });
    }

    /// <summary>Round 4's changes to the first search round's best (see <see cref="EmbeddingOptions"/>).</summary>
    internal static void Chosen(BackpropTrainer.Options options)
    {
        ConfigurationSearch.Widths(options, 16, 16, 8, 1e-3f);
        options.Optimizer = OptimizerKind.Momentum;
        options.LearningRate = 0.03f;
    }

    /// <summary>The name of the MLP with embeddings in the comparison.</summary>
    public const string EmbeddingName = "MLP (MLNet.Backprop), embeddings of the ids";

    /// <summary>The compared models, seeded by <paramref name="seed"/>.</summary>
    public static IReadOnlyList<Candidate> All(MLContext ml, int seed) =>
    [
        new(EmbeddingName, KeyedLectures(ml).Append(ml.Regression.Trainers.Backprop(EmbeddingOptions(seed)))),
        new("MLP (MLNet.Backprop), one-hot ids", OneHotIds(ml).Append(ml.Regression.Trainers.Backprop(new BackpropTrainer.Options { Seed = seed }))),
        new("SDCA, one-hot ids (a bias model)", OneHotIds(ml).Append(ml.Regression.Trainers.Sdca())),
        new("LightGbm, one-hot ids", OneHotIds(ml).Append(ml.Regression.Trainers.LightGbm())),
    ];
}
