using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Schema;

/// <summary>A non-finite feature is named by the slot's name when the vector has slot names (a Concatenate of the user's
/// columns), in training and in scoring, so the message points at the column of the user's data; before, only the
/// slot's index ("at slot 4"), which the user had to count out against the Concatenate call.</summary>
public class SlotNameTests
{
    private readonly MLContext _ml = new(seed: 1);

    public sealed class Applicant
    {
        public float Income { get; set; }
        public float Age { get; set; }
        public bool Label { get; set; }
    }

    private static List<Applicant> Applicants(int count) => Tabular.Rows(count, 3)
        .Select(r => new Applicant { Income = 1000 + 100 * r.Features[0], Age = 40 + 10 * r.Features[1], Label = r.Features[0] + r.Features[1] > 0 })
        .ToList();

    private IEstimator<ITransformer> Pipeline() => _ml.Transforms.Concatenate("Features", "Income", "Age")
        .Append(_ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1, EnsembleSize = 1, Seed = 1 }));

    [Fact]
    public void Fit_NaNInANamedSlot_NamesTheSlotsColumn()
    {
        var rows = Applicants(40);
        rows[5].Age = float.NaN;

        var e = Should.Throw<InvalidOperationException>(() => Pipeline().Fit(_ml.Data.LoadFromEnumerable(rows)));

        e.Message.ShouldContain("holds NaN at slot 1 ('Age') in row 5 (counting from 0)");
    }

    [Fact]
    public void Transform_InfinityInANamedSlot_NamesTheSlotsColumn()
    {
        var model = Pipeline().Fit(_ml.Data.LoadFromEnumerable(Applicants(40)));
        var rows = Applicants(4);
        rows[2].Income = float.PositiveInfinity;

        var e = Should.Throw<InvalidDataException>(() => model.Transform(_ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score").ToArray());

        e.Message.ShouldContain("holds Infinity in slot 0 ('Income') at row 2 (counting from 0)");
    }

    [Fact]
    public void Describe_VectorWithoutSlotNames_GivesTheIndexAlone()
    {
        var column = Tabular.Load(_ml, 1, 1).Schema["Features"];

        SlotName.Describe(column, 3).ShouldBe("slot 3");
        SlotName.Describe(null, 3).ShouldBe("slot 3");
    }
}
