namespace ChurnPrediction.Data;

/// <summary>A CSV that is not a Telco churn file: the message names the file, the line and what was expected.</summary>
public sealed class MalformedDataException(string message) : Exception(message);
