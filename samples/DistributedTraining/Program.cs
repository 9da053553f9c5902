using DistributedTraining;

// dotnet run --project samples/DistributedTraining -c Release [-- --kill-worker]     coordinator + 3 worker processes
// dotnet run --project samples/DistributedTraining -c Release -- --measure           communication and throughput table
// (worker mode is started by the coordinator: worker --name NAME --index I --parent PID)
var options = SampleOptions.Parse(args);
return options.Mode switch
{
    "worker" => await WorkerSilo.RunAsync(options),
    "measure" => await Measurement.RunAsync(options),
    _ => await CoordinatorRun.RunAsync(options),
};
