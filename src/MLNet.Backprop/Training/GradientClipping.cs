using System.Numerics.Tensors;
using MLNet.Backprop.Network;

namespace MLNet.Backprop.Training;

/// <summary>Limits the size of the gradients before an optimizer step (as PyTorch's <c>clip_grad_norm_</c> and
/// <c>clip_grad_value_</c>).</summary>
internal static class GradientClipping
{
    /// <summary>Scales all gradients together so that their global L2 norm is at most <paramref name="maxNorm"/>.</summary>
    /// <param name="parameters">The parameters whose <see cref="Parameter.Gradients"/> are clipped in place.</param>
    /// <param name="maxNorm">The largest allowed global norm; finite and &gt; 0.</param>
    /// <returns>The global norm <b>before</b> clipping, <c>√(Σ g²)</c> over every gradient of every parameter.</returns>
    /// <remarks>
    /// <para>The sum of squares is accumulated in double precision, parameter by parameter and element by element in
    /// order, so the norm does not depend on the hardware. When <c>coef = maxNorm / (norm + 1e-6)</c> is below 1, every
    /// gradient is multiplied by <c>coef</c> (computed in double, rounded to float once); otherwise nothing changes.</para>
    /// <para>A non-finite norm (a NaN or infinite gradient) is returned as is and the gradients are left untouched: the
    /// trainer decides how to handle divergence.</para>
    /// </remarks>
    public static float ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
    {

        double sumOfSquares = 0.0;
        for (int p = 0; p < parameters.Count; p++)
        {
            foreach (float g in parameters[p].Gradients) sumOfSquares += (double)g * g;
        }
        double norm = Math.Sqrt(sumOfSquares);
        if (!double.IsFinite(norm)) return (float)norm;

        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1.0)
        {
            float scale = (float)coef;
            for (int p = 0; p < parameters.Count; p++)
            {
                float[] gradients = parameters[p].Gradients;
                TensorPrimitives.Multiply(gradients, scale, gradients);
            }
        }
        return (float)norm;
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
            for (int i = 0; i < gradients.Length; i++)
            {
                float g = gradients[i];
                if (g > clipValue) { gradients[i] = clipValue; clamped++; }
                else if (g < -clipValue) { gradients[i] = -clipValue; clamped++; }
            }
        }
        return clamped;
    }
}
