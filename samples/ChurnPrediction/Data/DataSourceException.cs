namespace ChurnPrediction.Data;

/// <summary>The data the user asked for cannot be found or fetched.</summary>
public sealed class DataSourceException(string message) : Exception(message);
