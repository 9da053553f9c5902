using Microsoft.ML;
using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Integration.Data;

/// <summary>Whether rows can give a task's evaluation metric, checked before the work that needs it: the label column of
/// the task's type, rows with a label, and for a binary task both classes (ML.NET's evaluators fail on one class with an
/// internal assertion about AUC). Permutation feature importance and the experiment sweep's test rows use it.</summary>
internal static class MetricLabels
{
    /// <param name="data">The rows.</param>
    /// <param name="labelColumn">Their label column.</param>
    /// <param name="task">The model's task.</param>
    /// <param name="rowsName">The rows in the message: "data", "test data".</param>
    /// <param name="user">What needs the metric, the message's subject: "permutation feature importance".</param>
    /// <param name="paramName">The caller's parameter holding the rows.</param>
    /// <exception cref="ArgumentOutOfRangeException">The label column is missing or of another type (ParamName "label").</exception>
    /// <exception cref="ArgumentException">No row has a label, or a binary task's rows hold one class (ParamName <paramref name="paramName"/>).</exception>
    public static void Verify(IDataView data, string labelColumn, BackpropTask task, string rowsName, string user, string paramName)
    {
        var label = SchemaValidation.CheckLabelColumn(data.Schema, labelColumn, PredictionKinds.Of(task));
        long rows = 0, positives = 0;
        using (var cursor = data.GetRowCursor([label]))
        {
            var read = LabelReader.Create(cursor, label, task);
            while (cursor.MoveNext())
            {
                float value = read();
                if (float.IsNaN(value)) continue; // a missing label: the evaluators skip the row
                rows++;
                if (value == 1f) positives++;
                if (task != BackpropTask.BinaryClassification) break; // one labelled row is all the other metrics need here
            }
        }
        if (rows == 0)
            throw new ArgumentException($"The {rowsName} has no row with a label in '{labelColumn}': {user} needs labelled rows.", paramName);
        if (task == BackpropTask.BinaryClassification && (positives == 0 || positives == rows))
            throw new ArgumentException($"Label column '{labelColumn}' holds only {(positives == 0 ? "false" : "true")} in the {rows} rows of the {rowsName}: " +
                $"{user} needs both classes (its metric is AUC).", paramName);
    }
}
