using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Reports.Tests;

public class TelcoReportTests
{
    [TelcoFact]
    public void A_real_churn_run_renders_its_plots_and_report()
    {
        var ml = new MLContext(0);
        var (trainRaw, testRaw) = Telco.Load(ml);
        var featurizer = Telco.Featurizer(ml).Fit(trainRaw);
        var (train, test) = (featurizer.Transform(trainRaw), featurizer.Transform(testRaw));
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [64, 32], NumberOfEpochs = 25, BatchSize = 64, LearningRate = 1e-3f, ValidationFraction = 0.15f,
            EarlyStoppingPatience = 6, Seed = 0,
        };
        var transformer = ml.BinaryClassification.Trainers.Backprop(options).Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(transformer.Transform(test));
        metrics.AreaUnderRocCurve.ShouldBeGreaterThan(0.8);

        var history = transformer.Model.History;
        var loss = PlotExport.ToPng(TrainingPlots.LossCurves(history, "Telco churn: loss"));
        var flow = PlotExport.ToPng(TrainingPlots.GradientFlow(history, "Telco churn: gradient flow"));
        loss.Length.ShouldBeGreaterThan(10_000);
        flow.Length.ShouldBeGreaterThan(10_000);
        TrainingPlotsTests.SaveExample("telco-loss", loss);
        TrainingPlotsTests.SaveExample("telco-gradient-flow", flow);
        TrainingPlotsTests.SaveExample("telco-gradient-histograms", PlotExport.ToPng(TrainingPlots.GradientHistograms(history)));
        TrainingPlotsTests.SaveExample("telco-dead-units", PlotExport.ToPng(TrainingPlots.DeadUnits(history)));

        string html = HtmlReport.Build(transformer.Model, options,
            new Dictionary<string, double> { ["AUC"] = metrics.AreaUnderRocCurve, ["Accuracy"] = metrics.Accuracy, ["LogLoss"] = metrics.LogLoss },
            "Telco churn");
        html.ShouldContain("AUC");
        string? directory = Environment.GetEnvironmentVariable("MLNET_BACKPROP_PLOT_DIR");
        if (!string.IsNullOrEmpty(directory))
        {
            HtmlReport.Save(Path.Combine(directory, "telco-report.html"), html);
            var sweep = new ExperimentSweep(options)
                .WithLearningRates(1e-1f, 1e-2f, 1e-3f)
                .WithActivations(Activation.ReLU, Activation.Tanh, Activation.Sigmoid)
                .Run(ml, train, test);
            File.WriteAllText(Path.Combine(directory, "telco-sweep.txt"), sweep.ToTable());
            SweepPlots.SaveAll(sweep, directory, "telco-sweep-");
            HtmlReport.WriteSweep(Path.Combine(directory, "telco-sweep.html"), sweep, "Telco churn: learning rate × activation");

            // A deep sigmoid network trained by plain SGD: the textbook vanishing-gradient picture.
            var deep = new BackpropTrainer.Options { HiddenLayers = [64, 64, 64, 64, 64], Activation = Activation.Sigmoid, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05f, NumberOfEpochs = 15, Seed = 0 };
            var deepHistory = ml.BinaryClassification.Trainers.Backprop(deep).Fit(train).Model.History;
            TrainingPlotsTests.SaveExample("telco-deep-sigmoid-gradient-flow", PlotExport.ToPng(TrainingPlots.GradientFlow(deepHistory, "Deep sigmoid MLP, SGD: gradient flow")));
            TrainingPlotsTests.SaveExample("telco-deep-sigmoid-dead-units", PlotExport.ToPng(TrainingPlots.DeadUnits(deepHistory, "Deep sigmoid MLP: saturation")));
        }
    }
}
