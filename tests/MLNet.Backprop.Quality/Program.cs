// The quality benchmark: `dotnet run --project tests/MLNet.Backprop.Quality -c Release -- --quick` (or --help).
// All the work is in QualityApp so that tests could run it in-process.
return MLNet.Backprop.Quality.QualityApp.Run(args, Console.Out, Console.Error);
