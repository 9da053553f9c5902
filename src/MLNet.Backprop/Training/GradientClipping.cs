using System.Numerics.Tensors;
using MLNet.Backprop.Network;

namespace MLNet.Backprop.Training;

/// <summary>Limits the size of the gradients before an optimizer step (as PyTorch's <c>clip_grad_norm_</c> and
/// <c>clip_grad_value_</c>).</summary>
internal static class GradientClipping
{
    /// <summary>Scales all gradients together so that their global L2 norm, <paramref name="norm"/> as the statistics
    /// recorder measured it, becomes at most <paramref name="maxNorm"/>.</summary>
    /// <param name="parameters">The parameters whose <see cref="Parameter.Gradients"/> are scaled in place.</param>
    /// <param name="norm">The global norm of the gradients, √(Σ g²), before clipping (finite).</param>
    /// <param name="maxNorm">The largest allowed global norm.</param>
    /// <remarks>When <c>coef = maxNorm / (norm + 1e-6)</c> is below 1, every gradient is multiplied by <c>coef</c>
    /// (computed in double, rounded to float once); otherwise nothing changes. The norm is the one already recorded for
    /// the statistics, so it is computed once per step.</remarks>
    public static void ScaleToNorm(IReadOnlyList<Parameter> parameters, double norm, float maxNorm)
    {
        double coef = maxNorm / (norm + 1e-6);
        if (coef >= 1.0) return;
        float scale = (float)coef;
        for (int p = 0; p < parameters.Count; p++)
        {
            float[] gradients = parameters[p].Gradients;
            if (parameters[p].Touched is { All: false } touched)
            {
                // The other rows are zero: scaling them changes nothing.
                touched.ForgetSquares();
                int n = touched.RowWidth;
                for (int i = 0; i < touched.Rows.Length; i++)
                    TensorPrimitives.Multiply(gradients.AsSpan(touched.GradientOffset(i), n), scale, gradients.AsSpan(touched.GradientOffset(i), n));
                continue;
            }
            TensorPrimitives.Multiply(gradients, scale, gradients);
        }
    }

    /// <summary>Clamps every gradient to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>].</summary>
    /// <param name="parameters">The parameters whose <see cref="Parameter.Gradients"/> are clamped in place.</param>
    /// <param name="clipValue">The largest allowed absolute gradient; finite and &gt; 0.</param>
    /// <returns>How many gradients were outside the range and clamped. NaN gradients are left as they are and not counted.</returns>
    public static int ClipByValue(IReadOnlyList<Parameter> parameters, float clipValue)
    {
        int clamped = 0;
        for (int p = 0; p < parameters.Count; p++)
        {
            float[] gradients = parameters[p].Gradients;
            if (parameters[p].Touched is { All: false } touched)
            {
                // The other rows are zero: nothing to clamp there.
                touched.ForgetSquares();
                int n = touched.RowWidth;
                for (int i = 0; i < touched.Rows.Length; i++) clamped += Clamp(gradients.AsSpan(touched.GradientOffset(i), n), clipValue);
                continue;
            }
            clamped += Clamp(gradients, clipValue);
        }
        return clamped;
    }

    private static int Clamp(Span<float> gradients, float clipValue)
    {
        int clamped = 0;
        for (int i = 0; i < gradients.Length; i++)
        {
            float g = gradients[i];
            if (g > clipValue) { gradients[i] = clipValue; clamped++; }
            else if (g < -clipValue) { gradients[i] = -clipValue; clamped++; }
        }
        return clamped;
    }
}
