// The churn-prediction sample: `dotnet run --project samples/ChurnPrediction` trains, compares and saves a churn model
// on the IBM Telco data with no arguments. All the work is in ChurnApp so that tests can run it in-process.
return ChurnPrediction.ChurnApp.Run(args, Console.Out, Console.Error);
