namespace MLNet.Backprop.Quality.DataSets;

/// <summary>
/// The suite: the 16 sets of <c>shared/data/benchmarks</c> (cross-validated) and the Telco churn split (fixed
/// train/test). Only what a user would know is written here; see <c>benchmarks/README.md</c>.
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
    ];

    /// <summary>The sets of <c>--quick</c>: one small set per task.</summary>
    public static IReadOnlyList<string> Quick { get; } = ["ionosphere", "glass", "servo"];

    /// <summary>The set called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static DataSetInfo? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
