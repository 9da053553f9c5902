using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// The TorchSharp network and optimizer of a shape: <c>Sequential(Linear, ReLU, ..., Linear)</c> with TorchSharp's
/// default initialisation, one logit; <c>optim.Adam</c> with lr 1e-3, betas 0.9/0.999, eps 1e-8, no weight decay;
/// <c>BCEWithLogitsLoss</c> (mean over the batch, as ours).
/// </summary>
internal sealed class TorchMlp : IDisposable
{
    public TorchMlp(ComparisonShape shape, long seed)
    {
        torch.random.manual_seed(seed);
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int previous = shape.Inputs;
        foreach (int width in shape.Hidden)
        {
            layers.Add(nn.Linear(previous, width));
            layers.Add(nn.ReLU());
            previous = width;
        }
        layers.Add(nn.Linear(previous, 1));
        Model = nn.Sequential(layers);
        Optimizer = optim.Adam(Model.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0);
        Loss = nn.BCEWithLogitsLoss();
    }

    public Sequential Model { get; }
    public Adam Optimizer { get; }
    public BCEWithLogitsLoss Loss { get; }

    /// <summary>One step on a batch: zero_grad, forward, loss, backward, Adam. Returns the loss tensor (in the caller's dispose scope).</summary>
    public Tensor Step(Tensor x, Tensor y)
    {
        Optimizer.zero_grad();
        using var logits = Model.forward(x);
        var loss = Loss.forward(logits, y);
        loss.backward();
        Optimizer.step();
        return loss;
    }

    public void Dispose()
    {
        Loss.Dispose();
        Optimizer.Dispose();
        Model.Dispose();
    }
}
