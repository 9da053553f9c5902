using DistributedTraining;

// dotnet run --project samples/DistributedTraining -c Release [-- --kill-worker]     coordinator + 3 worker processes
//   (also --rows N, default 60000; --features N, default 24; --epochs N, default 6; --output DIR, default distributed-output;
//   --orleans-membership-defaults: Orleans' failure detection instead of Cluster.cs's; --kill-worker prints how long it took)
// dotnet run --project samples/DistributedTraining -c Release -- --measure           communication and throughput table
//   (also --batch N, default 1024; --micro N, micro-batch rows, default 128; --output DIR, default distributed-output)
// (worker mode is started by the coordinator: worker --name NAME --index I --parent PID)
var options = SampleOptions.Parse(args);
return options.Mode switch
{
    "worker" => await WorkerSilo.RunAsync(options),
    "measure" => await Measurement.RunAsync(options),
    _ => await CoordinatorRun.RunAsync(options),
};
