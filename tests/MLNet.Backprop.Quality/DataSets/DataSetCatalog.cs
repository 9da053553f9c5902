namespace MLNet.Backprop.Quality.DataSets;

/// <summary>
/// The suite: the 16 sets of <c>shared/data/benchmarks</c> (cross-validated), the Telco churn split (fixed
/// train/test) and two wide sparse sets of <c>shared/data/sparse</c> with their fixed splits (text n-grams, one-hot
/// ids). Only what a user would know is written here; see the data folders' READMEs.
/// </summary>
public static class DataSetCatalog
{
    /// <summary>Name of the Telco churn split in <c>--sets</c> and the tables.</summary>
    public const string TelcoChurn = "telco_churn";

    /// <summary>Name of the Lending Club set (<c>shared/data/sparse</c>, cross-validated).</summary>
    public const string LendingClub = "lending_club";

    /// <summary>Every set, in table order: the 16 cross-validated sets alphabetically, Lending Club, then the churn split.</summary>
    public static IReadOnlyList<DataSetInfo> All { get; } =
    [
        new("ames", TaskKind.Regression, "ames.csv"),
        new("boston_housing", TaskKind.Regression, "boston_housing.csv"),
        new("cells", TaskKind.Binary, "cells.csv", PositiveClass: "PS"),            // poorly segmented
        new("credit", TaskKind.Binary, "credit.csv", PositiveClass: "bad"),
        new("dna", TaskKind.Multiclass, "dna.csv"),
        new("glass", TaskKind.Multiclass, "glass.csv"),
        new("house_votes", TaskKind.Binary, "house_votes.csv", PositiveClass: "republican"),
        new("hpc", TaskKind.Multiclass, "hpc.csv"),
        new("ionosphere", TaskKind.Binary, "ionosphere.csv", PositiveClass: "bad"),
        new("letter", TaskKind.Multiclass, "letter.csv"),
        new("mlc_churn", TaskKind.Binary, "mlc_churn.csv", PositiveClass: "yes"),
        new("penguins", TaskKind.Multiclass, "penguins.csv"),
        new("pima_diabetes", TaskKind.Binary, "pima_diabetes.csv", PositiveClass: "pos"),
        // Motor and Screw are letters; Pgain and Vgain are digit codes of settings (README: categories).
        new("servo", TaskKind.Regression, "servo.csv", CategoricalCodes: ["Pgain", "Vgain"]),
        new("shuttle", TaskKind.Multiclass, "shuttle.csv"),
        // Every soybean attribute is a coded category (0, 1, 2...), with missing values.
        new("soybean", TaskKind.Multiclass, "soybean.csv", CategoricalCodes: [DataSetInfo.AllColumns]),
        // Imbalanced (5.2 % bad), 5 text columns (sub_grade 35 levels, addr_state 50); see sparse/README.md.
        new(LendingClub, TaskKind.Binary, "../sparse/lending_club.csv", PositiveClass: "bad"),
        new(TelcoChurn, TaskKind.Binary, "../telco-churn/train.csv", TestFile: "../telco-churn/test.csv",
            PositiveClass: "Yes", Ignored: ["customerID"]),
        // Wide and sparse: FeaturizeText("review") gives ~178k n-gram slots; the product id differs in every row.
        new(FineFoods, TaskKind.Binary, "../sparse/fine_foods_train.csv", TestFile: "../sparse/fine_foods_test.csv",
            PositiveClass: "great", Ignored: ["product"], TextColumns: ["review"], Normalize: false),
        // One-hot student, lecturer and department ids (~4.1k slots) and the three numbers, as they come.
        new(InstEval, TaskKind.Regression, "../sparse/insteval_train.csv", TestFile: "../sparse/insteval_test.csv", Normalize: false),
    ];

    /// <summary>Name of the fine-food reviews split (text).</summary>
    public const string FineFoods = "fine_foods";

    /// <summary>Name of the InstEval ratings split (one-hot ids).</summary>
    public const string InstEval = "insteval";

    /// <summary>The wide sparse sets (<c>--sets sparse</c>).</summary>
    public static IReadOnlyList<string> Sparse { get; } = [FineFoods, InstEval];

    /// <summary>The sets of <c>--quick</c>: one small set per task.</summary>
    public static IReadOnlyList<string> Quick { get; } = ["ionosphere", "glass", "servo"];

    /// <summary>The set called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static DataSetInfo? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
