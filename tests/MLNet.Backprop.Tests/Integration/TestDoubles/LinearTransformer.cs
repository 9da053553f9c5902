using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Scoring;

namespace MLNet.Backprop.Tests.Integration.TestDoubles;

/// <summary>Test-only transformer built on the plumbing, the way the real trainer's transformer will be.</summary>
internal sealed class LinearTransformer(string featureColumnName, LinearScorerFactory model) : ITransformer
{
    public string FeatureColumnName { get; } = featureColumnName;

    public LinearScorerFactory Model { get; } = model;

    public bool IsRowToRowMapper => true;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) =>
        new ScoringBinding(inputSchema, FeatureColumnName, Model).OutputSchema;

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new ScoringRowMapper(inputSchema, FeatureColumnName, Model);

    public IDataView Transform(IDataView input) => new ScoringDataView(input, FeatureColumnName, Model);

    public void Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("Save this model with ModelContainer.Save; ML.NET's ModelSaveContext is closed to third parties.");
}
