using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Tests;

public class TrainerSelectionTests
{
    [Fact]
    public void Resolve_Default_AllFiveColumnsTunedLast()
    {
        TrainerSelection.Resolve(null, []).Select(t => t.Key).ShouldBe(["mlp", "linear", "fasttree", "lightgbm", "tuned"]);
    }

    [Fact]
    public void Resolve_QuickWithoutTrainers_LeavesTheTunedColumnOut()
    {
        TrainerSelection.Resolve(null, [], quick: true).Select(t => t.Key).ShouldBe(["mlp", "linear", "fasttree", "lightgbm"]);
        TrainerSelection.Resolve(["tuned"], [], quick: true).Single().Key.ShouldBe("tuned");
    }

    [Fact]
    public void Resolve_EmbeddingColumn_OnlyWhenNamed()
    {
        TrainerSelection.Resolve(null, []).ShouldNotContain(t => t.Key == "mlp-embed" || t.Key == "mlp-onehot01" || t.Key == "mlp-embed-lazy");
        TrainerSelection.Resolve(["mlp-onehot01"], []).Single().Featurizer.ShouldNotBeNull();
        TrainerSelection.Resolve(["mlp-embed-lazy"], []).Single().Featurizer.ShouldNotBeNull();
        var entry = TrainerSelection.Resolve(["mlp", "mlp-embed"], []).Last();
        entry.Key.ShouldBe("mlp-embed");
        entry.Featurizer.ShouldNotBeNull();
    }
}
