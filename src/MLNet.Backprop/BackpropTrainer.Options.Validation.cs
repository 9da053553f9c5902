namespace MLNet.Backprop;

public sealed partial class BackpropTrainer
{
    // The one place options are checked: when a trainer is created, on its own copy, before any data is read.
    public sealed partial class Options
    {
        /// <summary>Throws naming the first invalid option and its value.</summary>
        internal void Validate()
        {
            if (string.IsNullOrWhiteSpace(LabelColumnName)) throw new ArgumentException("LabelColumnName must name a column.", nameof(LabelColumnName));
            if (string.IsNullOrWhiteSpace(FeatureColumnName)) throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
            if (ExampleWeightColumnName is not null && string.IsNullOrWhiteSpace(ExampleWeightColumnName))
                throw new ArgumentException("ExampleWeightColumnName must be null or name a column.", nameof(ExampleWeightColumnName));
            Check(Enum.IsDefined(Task), nameof(Task), Task, "a defined BackpropTask");
            if (CategoricalColumnNames is null) throw new ArgumentNullException(nameof(CategoricalColumnNames), "CategoricalColumnNames must not be null; use an empty array for none.");
            for (int i = 0; i < CategoricalColumnNames.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(CategoricalColumnNames[i]))
                    throw new ArgumentException($"CategoricalColumnNames[{i}] must name a column.", nameof(CategoricalColumnNames));
                if (Array.IndexOf(CategoricalColumnNames, CategoricalColumnNames[i]) != i)
                    throw new ArgumentException($"CategoricalColumnNames names column '{CategoricalColumnNames[i]}' twice.", nameof(CategoricalColumnNames));
                // A key label (multiclass) passes every type check of a categorical column: the network would read the answer
                // it is to predict (a near-zero loss) and every scoring row would need the label.
                if (CategoricalColumnNames[i] == LabelColumnName)
                    throw new ArgumentException($"CategoricalColumnNames names the label column '{LabelColumnName}': the network would read the label it is " +
                        "to predict, and scoring would need it. Name only input columns there.", nameof(CategoricalColumnNames));
            }
            if (EmbeddingWidths is null) throw new ArgumentNullException(nameof(EmbeddingWidths), "EmbeddingWidths must not be null; leave it empty for automatic widths.");
            foreach (var (column, width) in EmbeddingWidths)
            {
                if (Array.IndexOf(CategoricalColumnNames, column) < 0)
                    throw new ArgumentException($"EmbeddingWidths names column '{column}', which is not one of CategoricalColumnNames.", nameof(EmbeddingWidths));
                Check(width >= 1 && width <= MaxEmbeddingWidth, nameof(EmbeddingWidths), width, $"in [1, {MaxEmbeddingWidth}] for column '{column}'");
            }
            Check(EmbeddingWidthScale >= 0.05f && EmbeddingWidthScale <= 16f, nameof(EmbeddingWidthScale), EmbeddingWidthScale, "in [0.05, 16]");

            if (HiddenLayers is null) throw new ArgumentNullException(nameof(HiddenLayers), "HiddenLayers must not be null; use an empty array for no hidden layer.");
            for (int i = 0; i < HiddenLayers.Length; i++)
                if (HiddenLayers[i] < 1)
                    throw new ArgumentOutOfRangeException(nameof(HiddenLayers), HiddenLayers[i], $"HiddenLayers[{i}] is {HiddenLayers[i]}; every hidden layer needs at least 1 unit.");
            Check(Enum.IsDefined(Activation), nameof(Activation), Activation, "a defined Activation");
            Check(LeakyReluSlope >= 0f && LeakyReluSlope < 1f, nameof(LeakyReluSlope), LeakyReluSlope, "in [0, 1)");
            Check(EluAlpha > 0f && float.IsFinite(EluAlpha), nameof(EluAlpha), EluAlpha, "finite and positive");
            Check(Enum.IsDefined(Initialization), nameof(Initialization), Initialization, "a defined WeightInitialization");
            Check(float.IsFinite(InitialBias), nameof(InitialBias), InitialBias, "finite");
            Check(Dropout >= 0f && Dropout < 1f, nameof(Dropout), Dropout, "in [0, 1)");

            Check(Loss is null || Enum.IsDefined(Loss.Value), nameof(Loss), Loss, "null or a defined LossFunction");
            Check(HuberDelta > 0f && float.IsFinite(HuberDelta), nameof(HuberDelta), HuberDelta, "finite and positive");
            Check(FocalGamma >= 0f && FocalGamma <= Defaults.MaxFocalGamma, nameof(FocalGamma), FocalGamma, $"in [0, {Defaults.MaxFocalGamma}]");
            Check(Enum.IsDefined(Optimizer), nameof(Optimizer), Optimizer, "a defined OptimizerKind");
            Check(LearningRate > 0f && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "finite and positive");
            CheckUnitInterval(Momentum, nameof(Momentum));
            CheckUnitInterval(Beta1, nameof(Beta1));
            CheckUnitInterval(Beta2, nameof(Beta2));
            Check(Epsilon > 0f && float.IsFinite(Epsilon), nameof(Epsilon), Epsilon, "finite and positive");
            CheckUnitInterval(RmsPropDecay, nameof(RmsPropDecay));
            Check(WeightDecay is null || (WeightDecay >= 0f && float.IsFinite(WeightDecay.Value)), nameof(WeightDecay), WeightDecay, "null or finite and ≥ 0");
            CheckDecayStep();
            Check(Enum.IsDefined(LearningRateSchedule), nameof(LearningRateSchedule), LearningRateSchedule, "a defined LearningRateScheduleKind");
            Check(ScheduleStepSize >= 1, nameof(ScheduleStepSize), ScheduleStepSize, "at least 1");
            Check(ScheduleGamma > 0f && ScheduleGamma <= 1f, nameof(ScheduleGamma), ScheduleGamma, "in (0, 1]");
            Check(MinimumLearningRate >= 0f && MinimumLearningRate <= LearningRate, nameof(MinimumLearningRate), MinimumLearningRate, $"in [0, LearningRate = {LearningRate}]");
            Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "at least 1");
            Check(NumberOfEpochs is null || NumberOfEpochs >= 1, nameof(NumberOfEpochs), NumberOfEpochs, "null (automatic) or at least 1");
            Check(L2Regularization >= 0f && float.IsFinite(L2Regularization), nameof(L2Regularization), L2Regularization, "finite and ≥ 0");
            Check(GradientClipNorm is null || (GradientClipNorm > 0f && float.IsFinite(GradientClipNorm.Value)), nameof(GradientClipNorm), GradientClipNorm, "null or finite and positive");
            Check(GradientClipValue is null || (GradientClipValue > 0f && float.IsFinite(GradientClipValue.Value)), nameof(GradientClipValue), GradientClipValue, "null or finite and positive");
            Check(Seed is null || Seed >= 0, nameof(Seed), Seed, "null or ≥ 0");
            Check(NumberOfThreads >= 0, nameof(NumberOfThreads), NumberOfThreads, "0 (all cores) or more");

            Check(ValidationFraction is null || (ValidationFraction >= 0f && ValidationFraction <= 0.5f), nameof(ValidationFraction), ValidationFraction, "null (automatic) or in [0, 0.5]");
            Check(EarlyStoppingPatience is null || EarlyStoppingPatience >= 1, nameof(EarlyStoppingPatience), EarlyStoppingPatience, "null (automatic) or at least 1");
            Check(Enum.IsDefined(EarlyStoppingMetric), nameof(EarlyStoppingMetric), EarlyStoppingMetric, "a defined EarlyStoppingMetric");
            Check(EarlyStoppingMinDelta >= 0f && float.IsFinite(EarlyStoppingMinDelta), nameof(EarlyStoppingMinDelta), EarlyStoppingMinDelta, "finite and ≥ 0");
            Check(Enum.IsDefined(ClassWeighting), nameof(ClassWeighting), ClassWeighting, "a defined ClassWeighting");
            Check(Enum.IsDefined(Calibration), nameof(Calibration), Calibration, "a defined ProbabilityCalibration");
            Check(Enum.IsDefined(DataLoading), nameof(DataLoading), DataLoading, "a defined DataLoading");
            Check(SparseUpdates is null || Enum.IsDefined(SparseUpdates.Value), nameof(SparseUpdates), SparseUpdates, "null (automatic) or a defined SparseUpdates");
            Check(StreamingBlockSize >= 1, nameof(StreamingBlockSize), StreamingBlockSize, "at least 1");
            Check(MicroBatchSize is null || (MicroBatchSize >= 1 && MicroBatchSize <= BatchSize), nameof(MicroBatchSize), MicroBatchSize, $"null or in [1, BatchSize = {BatchSize}]");
            Check(MicroBatchSize is null || DataLoading == DataLoading.InMemory, nameof(DataLoading), DataLoading,
                "InMemory with MicroBatchSize (the micro-batch mode reads rows by index)");
            Check(EnsembleSize >= 1 && EnsembleSize <= 100, nameof(EnsembleSize), EnsembleSize, "in [1, 100]");
            Check(Enum.IsDefined(OnDivergence), nameof(OnDivergence), OnDivergence, "a defined DivergenceBehavior");
            Check(Enum.IsDefined(NumericEncoding), nameof(NumericEncoding), NumericEncoding, "a defined NumericEncoding");
            Check(NumericBins >= MinNumericBins && NumericBins <= MaxNumericBins, nameof(NumericBins), NumericBins, $"in [{MinNumericBins}, {MaxNumericBins}]");
            Check(Enum.IsDefined(NumericBinning), nameof(NumericBinning), NumericBinning, "a defined NumericBinning");
            Check(NumericBinning == NumericBinning.Quantile || NumericEncoding is NumericEncoding.PiecewiseLinear or NumericEncoding.PiecewiseLinearAndPeriodic,
                nameof(NumericBinning), NumericBinning,
                $"Quantile unless NumericEncoding is PiecewiseLinear or PiecewiseLinearAndPeriodic (the bins are those of the piecewise-linear encoding" +
                (NumericEncoding == NumericEncoding.Auto ? "; Auto's are its own, 32 supervised ones on the dense path" : "") + $"); NumericEncoding is {NumericEncoding}");
            Check(PeriodicFrequencies >= 1 && PeriodicFrequencies <= MaxPeriodicFrequencies, nameof(PeriodicFrequencies), PeriodicFrequencies,
                $"in [1, {MaxPeriodicFrequencies}]");
            Check(PeriodicScale > 0f && PeriodicScale <= MaxPeriodicScale, nameof(PeriodicScale), PeriodicScale, $"in (0, {MaxPeriodicScale}]");
            if (NumericEncoding is not (NumericEncoding.None or NumericEncoding.Auto)) CheckEncodedMode(); // Auto resolves per mode
            Check(Enum.IsDefined(NumericScaling), nameof(NumericScaling), NumericScaling, "a defined NumericScaling");
            Check(Enum.IsDefined(DropoutSchedule), nameof(DropoutSchedule), DropoutSchedule, "a defined DropoutScheduleKind");
            Check(DropoutSchedule == DropoutScheduleKind.Constant || MicroBatchSize is null, nameof(DropoutSchedule), DropoutSchedule,
                $"Constant with MicroBatchSize (the micro-batch and cluster modes draw their masks on the workers at the set rate); MicroBatchSize is {MicroBatchSize}");
            if (LearnFeatureScales) CheckDenseOnly(nameof(LearnFeatureScales), LearnFeatureScales, "the learned scales");
            if (NumericScaling == NumericScaling.RobustSmoothClip) CheckDenseOnly(nameof(NumericScaling), NumericScaling, $"{NumericScaling}");
        }

        /// <summary>Decoupled weight decay multiplies the weights by 1 − η·λ each step (η at most <see cref="LearningRate"/>:
        /// no schedule exceeds it, and the parameters with their own learning-rate factor are not decayed). Beyond
        /// η·λ = 1 that factor is negative: the "decay" reflects every weight through zero each step instead of shrinking
        /// it, and beyond 2 it grows them geometrically. No λ·η above 1 is a decay, so it is refused.</summary>
        private void CheckDecayStep()
        {
            float decay = WeightDecay ?? Defaults.WeightDecayOf(Optimizer);
            if (!((double)decay * LearningRate > 1)) return;
            string which = WeightDecay is null ? $"WeightDecay (null: {Optimizer}'s default {decay})" : "WeightDecay";
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay ?? decay,
                $"{which} × LearningRate must be at most 1; got {decay} × {LearningRate} = {(double)decay * LearningRate:G4}. Each step multiplies the " +
                $"weights by 1 − LearningRate × WeightDecay = {1 - (double)decay * LearningRate:G4}: below 0 it flips their sign instead of shrinking " +
                $"them (below −1 it grows them every step). Use WeightDecay ≤ 1 / LearningRate = {1 / (double)LearningRate:G4}; a typical value is 1e-4 to 0.1.");
        }

        /// <summary>The learned feature scales and the robust scaling are parts of the dense path's input stage in every mode
        /// (the scales are weights, reduced with the others in the micro-batch and cluster modes; the scaling a map its part
        /// applies itself; streamed or on a cluster its statistics from the stage's sample): the sparse path is refused before
        /// any data is read. They compose with a periodic encoding (the scaling before
        /// the embeddings, the scales after them, as in RealMLP), the scales with a piecewise-linear one, and both with the
        /// two side by side (the bins on the raw values, the embeddings on the clipped ones, the scales after each part); the
        /// robust scaling is refused with the piecewise-linear encoding alone, whose bins make it invariant to the scaling.</summary>
        private void CheckDenseOnly(string option, object value, string what)
        {
            string supported = value is bool
                ? $"false with SparseInput = true ({what} is supported on the dense path, in every mode)"
                : $"Standard with SparseInput = true ({what} is supported on the dense path, in every mode)";
            Check(SparseInput != true, option, value, $"{supported}; SparseInput is true");
            Check(value is bool || NumericEncoding != NumericEncoding.PiecewiseLinear, option, value,
                $"Standard with NumericEncoding.PiecewiseLinear (its bins are the training rows' quantiles, which the robust scaling " +
                $"does not move; RobustSmoothClip composes with NumericEncoding None, Periodic, PiecewiseLinearAndPeriodic or Auto); NumericEncoding is {NumericEncoding}");
        }

        /// <summary>A copy of these options that later changes to either do not affect: every option's value, with
        /// <see cref="HiddenLayers"/>, <see cref="CategoricalColumnNames"/> and <see cref="EmbeddingWidths"/> copied; <see cref="Progress"/>, <see cref="CancellationToken"/> and
        /// <see cref="DiagnosisThresholds"/> are shared (a callback, a token and read-only settings).</summary>
        /// <returns>The copy (not checked: the trainer checks the options it is given).</returns>
        public Options Clone()
        {
            var copy = (Options)MemberwiseClone();
            copy.HiddenLayers = HiddenLayers is null ? null! : (int[])HiddenLayers.Clone();
            copy.CategoricalColumnNames = CategoricalColumnNames is null ? null! : (string[])CategoricalColumnNames.Clone();
            copy.EmbeddingWidths = EmbeddingWidths is null ? null! : new Dictionary<string, int>(EmbeddingWidths);
            return copy;
        }

        /// <summary>The fewest and most bins per feature <see cref="NumericBins"/> may ask for.</summary>
        internal const int MinNumericBins = 2, MaxNumericBins = 256;

        /// <summary>The most frequencies per feature <see cref="PeriodicFrequencies"/> may ask for, the largest
        /// <see cref="PeriodicScale"/>.</summary>
        internal const int MaxPeriodicFrequencies = 256;
        internal const float MaxPeriodicScale = 100f;

        /// <summary>The periodic embeddings and the piecewise-linear encoding exist on the dense path, in every mode (the
        /// embedded slots and the bin edges from the rows in memory, or from a sample of them when they stream or are on a
        /// cluster): the sparse path is refused here, before any data is read, rather than half supported (as an out-of-range
        /// <see cref="NumericEncoding"/>, the way other combinations of options are refused).</summary>
        private void CheckEncodedMode()
        {
            Check(SparseInput != true, nameof(NumericEncoding), NumericEncoding,
                $"None with SparseInput = true ({NumericEncoding} is supported on the dense path only: it encodes each feature's value); SparseInput is true");
        }

        /// <summary>The widest embedding table an option may ask for.</summary>
        internal const int MaxEmbeddingWidth = 1024;

        private static void CheckUnitInterval(float value, string name) => Check(value >= 0f && value < 1f, name, value, "in [0, 1)");

        private static void Check(bool valid, string name, object? value, string expected)
        {
            if (!valid) throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}; got {value?.ToString() ?? "null"}.");
        }
    }
}
