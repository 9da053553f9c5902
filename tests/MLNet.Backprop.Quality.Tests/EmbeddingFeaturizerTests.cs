using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Featurization;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Tests;

public class EmbeddingFeaturizerTests
{
    private const string Csv = "x,color,y,size,label\n1,red,0.5,S,a\n2,blue,,M,b\n3,green,1.5,,a\n4,red,2.5,L,b\n5,blue,3.5,S,a\n6,green,4.5,M,b\n";

    private static (MLContext Ml, DataSetLayout Layout, IDataView Data) Load(string csv)
    {
        var ml = new MLContext(0);
        var table = CsvTable.Parse(csv);
        var layout = DataSetLayout.Infer(table, new DataSetInfo("t", TaskKind.Binary, "t.csv", PositiveClass: "a"));
        return (ml, layout, new DataSetLoader(ml, layout).Load(table));
    }

    [Fact]
    public void Build_TextColumns_KeyColumnsAndOnlyNumericInFeatures()
    {
        var (ml, layout, data) = Load(Csv);
        var schema = EmbeddingFeaturizer.Build(ml, layout).Fit(data).Transform(data).Schema;

        schema[ColumnNames.Features].Type.ShouldBeAssignableTo<VectorDataViewType>();
        ((VectorDataViewType)schema[ColumnNames.Features].Type).Size.ShouldBe(2);          // x and y only
        var color = schema[ColumnNames.Key("color")].Type.ShouldBeOfType<KeyDataViewType>();
        color.Count.ShouldBe(3UL);
        schema[ColumnNames.Key("size")].Type.ShouldBeOfType<KeyDataViewType>().Count.ShouldBe(3UL); // the empty field is no category
        schema.Where(c => ColumnNames.IsKey(c.Name)).Select(c => c.Name).ShouldBe([ColumnNames.Key("color"), ColumnNames.Key("size")]);
    }

    [Fact]
    public void Build_EmptyField_MissingKey()
    {
        var (ml, layout, data) = Load(Csv);
        var keys = EmbeddingFeaturizer.Build(ml, layout).Fit(data).Transform(data).GetColumn<uint>(ColumnNames.Key("size")).ToArray();
        keys[2].ShouldBe(0u);
        keys.Where((_, i) => i != 2).ShouldAllBe(k => k > 0);
    }

    [Fact]
    public void Build_NoNumericColumn_ThrowsNamingTheSet()
    {
        var (ml, layout, _) = Load("color,label\nred,a\nblue,b\n");
        Should.Throw<NotSupportedException>(() => EmbeddingFeaturizer.Build(ml, layout)).Message.ShouldContain("t has no numeric column");
    }

    [Fact]
    public void EmbeddingEntry_FitsWithItsOwnFeaturizer_ModelHasTheKeyColumns()
    {
        var (ml, layout, data) = Load(Csv);
        var entry = EmbeddingMlp.Entry;
        var model = entry.Featurize(ml, layout, center: false).Append(entry.Create(ml, TaskKind.Binary)).Fit(data);

        model.Transform(data).Schema.GetColumnOrNull("Score").ShouldNotBeNull();
        model.LastTransformer.ShouldBeAssignableTo<ISingleFeaturePredictionTransformer<BackpropModel>>()!
            .Model.CategoricalColumnNames.ShouldBe([ColumnNames.Key("color"), ColumnNames.Key("size")]);
    }
}
