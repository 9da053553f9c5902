namespace MLNet.Backprop.Quality.CommandLine;

/// <summary>The text of <c>--help</c>.</summary>
public static class HelpText
{
    /// <summary>Usage, every option, and examples.</summary>
    public const string Text = """
        MLNet.Backprop quality benchmark: stratified k-fold cross-validation of the MLP and ML.NET's own trainers
        (each with its own defaults) on the shared benchmark data sets, plus the Telco churn train/test split.

        Usage: dotnet run --project tests/MLNet.Backprop.Quality -c Release -- [options]

          --data DIR         the benchmarks folder (or a folder holding benchmarks/); default: shared/data/benchmarks
                             found above the current directory or the app's folder
          --output DIR       where results.md and folds.csv are written (default ./quality-output)
          --sets a,b         data sets to run (default: all 16, lending_club, telco_churn and the sparse sets
                             fine_foods and insteval; "sparse" names those two); see --describe
          --trainers a,b     columns to run: mlp, linear, fasttree, lightgbm, tuned (the MLP as BackpropTuner
                             tunes it inside each training split) and any --mlp variant names (default: all of
                             them; --quick leaves tuned out); sdca (ML.NET's SDCA of the task), perceptron
                             (AveragedPerceptron), mlp-embed (the MLP with an embedding table per text column
                             instead of one-hot), mlp-embed-lazy (the same with SparseUpdates = Lazy: no prior
                             on id-like tables) and mlp-onehot01 (one-hot slots kept at 0/1, the trainer's
                             standardisation off) run only when named
          --mlp NAME:SPEC    an MLP variant, SPEC = Property=value;Property=value with any public settable property
                             of BackpropTrainer.Options (ints, floats, bools, enums by name, null for nullables,
                             int arrays as 64,32); may repeat. Example:
                             --mlp "wide:HiddenLayers=128,64;LearningRate=0.003;NumberOfEpochs=200;EarlyStoppingPatience=10;ValidationFraction=0.15"
          --reuse PATH       take the results of every trainer this run does not train from an earlier run's
                             folds.csv (or its folder), e.g. --trainers mlp,wide --reuse baseline/folds.csv to
                             compare MLP candidates without retraining the ML.NET trainers; that run must have used
                             the same --folds, --seed(s) and featurizer flags (the fold count and the seeds are
                             checked; a folds.csv without a seed column counts as this run's first seed)
          --folds K          folds of cross-validation (default 5; 2 with --quick)
          --seed N           seed of the folds and of every MLContext (default 0); the same as --seeds N
          --seeds LIST       repeat the whole cross-validation once per fold seed, e.g. 0-9 or 0,3,5: each seed's rows
                             are exactly those of a --seed run with it; the tables' mean ± std and fit times are over
                             all folds of all seeds, folds.csv has each row's seed. A fixed split (telco_churn, the
                             sparse sets) runs once, with the first seed: its rows do not change with the seed, and
                             varying only the trainers' seed would mix their noise with the folds'. Not with --seed
          --reference NAME   the column that the report's "Paired differences" subtract from each other column, fold by
                             fold (mean ± standard error, folds better); default linear when it runs, else the first
          --quick            ionosphere, glass and servo (one set per task) with 2 folds, without the tuned column:
                             the CI smoke run
          --center           NormalizeMeanVariance with fixZero: false (subtract the mean); default is ML.NET's
                             default, fixZero: true (scale only)
          --no-warmup        skip the untimed warm-up fit per trainer and task (JIT compilation then counts in fold 1)
          --per-class        multiclass: also write each class' recall and test-row count per fold (metrics
                             recall:CLASS and support:CLASS in folds.csv): which classes a macro-accuracy gap is in
          --describe         print each set's inferred columns (numeric / categorical / ignored) and exit
          --findings         the diagnosis of healthy runs: fit each MLP column (default: mlp alone; --trainers may
                             name mlp-embed, mlp-onehot01 or --mlp variants) once per set on the training part of
                             fold 1 (--folds, --seed; a fixed split's training file) and list every finding of its
                             automatic diagnosis (kind, severity, layer, epoch, message, evidence) in findings.md
                             (printed) and findings.csv in --output, with each epoch's losses and layer statistics
                             (saturated and dead shares, gradient and weight norms) in findings-epochs.csv; nothing
                             is scored
          --help             this text

        Issue 25's targets from earlier runs (reads folds.csv files, trains nothing; no other option goes with it):
          --targets CAND     the candidate trainer (a key in the files, e.g. mlp or a --mlp variant's name)
          --from A,B         folds.csv files (or their run folders), in order: a set and trainer in a later file
                             replace the earlier files' rows of that set and trainer whole
          --target-references LIST
                             the trainers the candidate is ranked among (default lightgbm,fasttree,linear)
                             Prints per set (the candidate's sets, by name) each trainer's mean primary metric over all
                             folds and seeds (AUC / macro-accuracy / R²; nan when it has no results or a fold failed),
                             the gap best − candidate and the candidate's fit seconds ÷ LightGbm's; then the mean rank
                             (1 + the trainers strictly better; missing = last), the sets ahead of LightGbm (telco_churn
                             left out), the sets more than 0.02 behind the best and those fitting more than 3x slower
                             than LightGbm. Exit code 0, or 2 for a file that cannot be read or a trainer no file holds

        Exit code: 0 when every fit succeeded; 1 when any trainer or data set failed (error cells in the table,
        messages on stderr); 2 for a bad command line or no data.

        Examples:
          dotnet run --project tests/MLNet.Backprop.Quality -c Release -- --quick
          dotnet run --project tests/MLNet.Backprop.Quality -c Release -- --sets glass,servo --trainers mlp,lightgbm
          dotnet run --project tests/MLNet.Backprop.Quality -c Release -- --trainers mlp,deep --mlp "deep:HiddenLayers=128,64,32"
          dotnet run --project tests/MLNet.Backprop.Quality -c Release -- --sets pima_diabetes,house_votes --trainers mlp,linear --seeds 0-9
          dotnet run --project tests/MLNet.Backprop.Quality -c Release -- --findings --sets glass,servo
          dotnet run --project tests/MLNet.Backprop.Quality -c Release -- --targets wide --from baseline/folds.csv,wide-run/folds.csv
        """;
}
