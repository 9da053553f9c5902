namespace ChurnPrediction.CommandLine;

/// <summary>The text of --help: every command and option, with its default.</summary>
public static class HelpText
{
    public const string Text = """
        ChurnPrediction: predict which telecom customers will leave, with an MLNet.Backprop MLP in an ML.NET pipeline.

        Usage:
          ChurnPrediction [train] [--data PATH | --synthetic] [--seed N] [--epochs N] [--output-dir DIR] [--quiet]
          ChurnPrediction predict --model FILE --input CSV [--output CSV]
          ChurnPrediction evaluate --model FILE [--data PATH | --synthetic] [--output-dir DIR]
          ChurnPrediction sweep [--learning-rates LIST] [--activations LIST] [--optimizers LIST] [--clip-norms LIST]
                                [--hidden LIST] [--data PATH | --synthetic] [--seed N] [--epochs N] [--output-dir DIR]
          ChurnPrediction tune [--trials N] [--data PATH | --synthetic] [--seed N] [--output-dir DIR]
          ChurnPrediction calibrate [--data PATH | --synthetic] [--seed N] [--output-dir DIR]
          ChurnPrediction --help

        Commands:
          train       (default) Split the data (test set: FNV-1a hash of customerID divisible by 5), train the MLP,
                      compare it with ML.NET's LbfgsLogisticRegression, SdcaLogisticRegression, FastTree and LightGbm,
                      show the confusion matrix, a threshold catching 80% of churners and the top churn drivers,
                      then save the fitted pipeline and check that the reloaded model scores identically. Writes an
                      HTML training report (loss curves, gradient flow, findings) and its plots to the output folder.
          predict     Score the customers of a CSV with a saved model; writes customerID,probability.
          evaluate    Measure a saved model on the test split of the data.
          sweep       The classic experiment: train one MLP per combination of learning rate × activation (×
                      optimizer × clipping), same seed and split, and compare test AUC, losses, epochs and the
                      training diagnosis; writes overlay plots of the loss and gradient-flow curves and an HTML page.
          tune        How the default MLP was chosen: BackpropTuner cross-validates configurations (hidden layers,
                      learning rate, L2, dropout, batch size), then the winner's ensemble size (1, 4 or 8), on the
                      training customers only, never the test split, and prints every trial and the winner.
          calibrate   How the probabilities were chosen: the tuned configuration with class weights (Platt or the
                      prior correction undoing them) or without, more networks, stronger L2, or every row without a
                      hold-out, cross-validated on 5 folds of the training customers only, beside L-BFGS; prints
                      each candidate's log-loss and AUC and the lowest log-loss.

        Options:
          --data PATH        The IBM Telco churn CSV (21 columns). Default: the copy in ../shared/data/telco-churn
                             next to the repository, else a cached download, else a download from
                             github.com/IBM/telco-customer-churn-on-icp4d (SHA-256 checked), else synthetic data.
          --synthetic        Use generated data with the Telco schema. Its figures are NOT real results.
          --seed N           Seed of ML.NET and of the MLP (weights, shuffling, dropout, validation split). Default 0.
          --epochs N         Maximum MLP epochs (early stopping may end sooner). Default: the library's
                             automatic budget (100 epochs on the Telco data); sweep: 40.
          --output-dir DIR   Where the model files (churn-model.zip; churn-model.mlnet.zip and .mlnet.json for the
                             service) and reports go, and where synthetic data is written. Default ./churn-output.
          --quiet            No per-epoch progress lines.
          --model FILE       A model saved by the train command.
          --input CSV        Customers to score: the Telco columns; Churn may be absent.
          --output CSV       Where predict writes customerID,probability. Default: standard output.
          --learning-rates LIST  Sweep: learning rates, comma-separated. Default 0.1,0.01,0.001.
          --activations LIST     Sweep: relu, leakyrelu, elu, gelu, tanh, sigmoid, identity. Default relu,tanh,sigmoid.
          --optimizers LIST      Sweep: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw. Default adam only.
          --clip-norms LIST      Sweep: gradient clip norms, "off" for none (e.g. off,1). Default: no clipping axis.
          --hidden LIST          Sweep: units per hidden layer (e.g. 64,32). Default 64,32.
          --trials N             Tune: configurations tried (the first is the sample's own). Default 16.
          -h, --help         This text.

        Exit codes: 0 success, 1 unusable data or model file, 2 bad command line.

        """;
}
