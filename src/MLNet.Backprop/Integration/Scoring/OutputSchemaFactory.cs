using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>Builds the concrete output <see cref="DataViewSchema"/>: every input column, then the task's output columns.</summary>
/// <remarks>
/// Input columns are added with <c>DataViewSchema.Builder.AddColumns</c>
/// so their indices are unchanged (cursors pass them through by index) and an input column named like an output (e.g. an
/// earlier <c>Score</c>) becomes hidden, as with ML.NET's own scorers.
/// </remarks>
internal static class OutputSchemaFactory
{
    /// <summary>Creates the output schema of a model with these outputs on <paramref name="input"/>.</summary>
    /// <param name="input">The schema being scored; not validated here (see <see cref="ScoringBinding"/>).</param>
    /// <param name="factory">The model: task, output count and class names.</param>
    public static DataViewSchema Create(DataViewSchema input, IScorerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(factory);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        var kind = factory.Kind;
        switch (kind)
        {
            case PredictionKind.BinaryClassification:
                builder.AddColumn(ScoreColumnNames.Score, NumberDataViewType.Single, Annotations(kind, ScoreColumnNames.Score));
                builder.AddColumn(ScoreColumnNames.Probability, NumberDataViewType.Single, Annotations(kind, ScoreColumnNames.Probability));
                builder.AddColumn(ScoreColumnNames.PredictedLabel, BooleanDataViewType.Instance, Annotations(kind, ScoreColumnNames.PredictedLabel));
                break;
            case PredictionKind.MulticlassClassification:
                int classes = factory.OutputCount;
                builder.AddColumn(ScoreColumnNames.Score, new VectorDataViewType(NumberDataViewType.Single, classes),
                    Annotations(kind, ScoreColumnNames.Score, ScoreColumnNames.SlotNames, factory.ClassNames));
                builder.AddColumn(ScoreColumnNames.PredictedLabel, new KeyDataViewType(typeof(uint), classes),
                    Annotations(kind, ScoreColumnNames.PredictedLabel, ScoreColumnNames.KeyValues, factory.ClassNames));
                break;
            case PredictionKind.Regression:
                builder.AddColumn(ScoreColumnNames.Score, NumberDataViewType.Single, Annotations(kind, ScoreColumnNames.Score));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(factory), kind, "Unknown prediction kind.");
        }
        return builder.ToSchema();
    }

    private static DataViewSchema.Annotations Annotations(
        PredictionKind kind, string valueKind, string? namesAnnotation = null, ReadOnlyMemory<char>[]? names = null)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        AddText(builder, ScoreColumnNames.ScoreColumnKind, ScoreColumnNames.ScoreColumnKindText(kind));
        AddText(builder, ScoreColumnNames.ScoreValueKind, valueKind);
        if (namesAnnotation is not null && names is not null)
        {
            // One immutable copy shared by all getter calls; each call fills the caller's buffer.
            var copy = names.ToArray();
            builder.Add(namesAnnotation, new VectorDataViewType(TextDataViewType.Instance, copy.Length),
                (ref VBuffer<ReadOnlyMemory<char>> value) =>
                {
                    var editor = VBufferEditor.Create(ref value, copy.Length);
                    copy.CopyTo(editor.Values);
                    value = editor.Commit();
                });
        }
        return builder.ToAnnotations();
    }

    private static void AddText(DataViewSchema.Annotations.Builder builder, string name, string text)
    {
        var value = text.AsMemory();
        builder.Add(name, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = value);
    }
}
