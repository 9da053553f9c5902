using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Featurization;

namespace MLNet.Backprop.Quality.Tests;

public class UnscaledOneHotFeaturizerTests
{
    [Fact]
    public void Build_TextAndNumeric_NumericCentredOneHotSlotsZeroOrOne()
    {
        var ml = new MLContext(0);
        var table = CsvTable.Parse("x,color,label\n1,red,a\n2,blue,b\n3,red,a\n10,green,b\n");
        var layout = DataSetLayout.Infer(table, new DataSetInfo("t", TaskKind.Binary, "t.csv", PositiveClass: "a"));
        var data = new DataSetLoader(ml, layout).Load(table);

        var rows = UnscaledOneHotFeaturizer.Build(ml, layout).Fit(data).Transform(data)
            .GetColumn<float[]>(ColumnNames.Features).ToArray();

        rows.ShouldAllBe(r => r.Length == 4);                                        // x + 3 colours
        rows.Sum(r => r[0]).ShouldBe(0f, 1e-5f);                                      // centred
        rows.SelectMany(r => r.Skip(1)).ShouldAllBe(v => v == 0f || v == 1f);         // not scaled
        rows.ShouldAllBe(r => r.Skip(1).Sum() == 1f);
    }
}
