using Hotline.Models.Text;

namespace Hotline.Models.Tests.Text;

/// <summary>A category tree read as short training texts, and where the evaluation finds it.</summary>
public sealed class CategoryTreeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hotline-tree-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Each_path_under_a_used_label_is_one_example_and_catch_alls_none()
    {
        var tree = Write("taxonomy.csv", "level1,level2,level3\n"
            + "城乡建设,城市建设和市政管理,燃气供应\n"
            + "城乡建设,城市建设和市政管理,燃气供应\n" // a repeated row counts once
            + "城乡建设,城市建设和市政管理,其他\n"     // a catch-all row says nothing of its own
            + "教育文体,教育,学前教育\n"
            + "政法,公安,户籍管理\n");                 // a label the messages do not use
        var examples = CategoryTree.Examples(tree, new HashSet<string> { "城乡建设", "教育文体" });
        Assert.Equal(
            ["城乡建设|城市建设和市政管理 燃气供应", "教育文体|教育 学前教育"],
            examples.Select(e => e.Label + "|" + e.Body));
    }

    [Fact]
    public void The_tree_beside_the_training_file_is_used_unless_told_otherwise()
    {
        var train = Write("train.csv", "text,label\n");
        Assert.Null(CategoryTree.Resolve(train, null));
        var beside = Write(CategoryTree.FileName, "level1,level2\n城乡建设,物业管理\n");
        Assert.Equal(Path.GetFullPath(beside), Path.GetFullPath(CategoryTree.Resolve(train, null)!));
        Assert.Null(CategoryTree.Resolve(train, "none"));
        Assert.Throws<FileNotFoundException>(() => CategoryTree.Resolve(train, Path.Combine(_dir, "missing.csv")));
    }

    [Fact]
    public void Cross_validation_scores_every_fold_and_repeats_with_its_seed()
    {
        // Two matters callers word in their own ways, written for this test; the tree names a third word of each.
        var lines = new List<string> { "text,label" };
        string[] water = ["家里停水两天了", "自来水发黄有异味", "水管爆了一直在冒水", "小区水压太低洗不了澡"];
        string[] school = ["孩子学校乱收补课费", "幼儿园入学报名难", "老师周末在校外办班", "学校食堂饭菜太差"];
        for (var i = 0; i < 5; i++)
        {
            lines.AddRange(water.Select(w => $"{w}{i},城乡建设"));
            lines.AddRange(school.Select(w => $"{w}{i},教育文体"));
        }
        var train = Write("messages.csv", string.Join("\n", lines) + "\n");
        Write(CategoryTree.FileName, "level1,level2\n城乡建设,自来水供应\n教育文体,学校收费\n");
        var features = new TextFeatures { CharNgrams = 2, UseWords = false, Iterations = 30 };
        var first = Evaluation.CsvClassifierEvaluation.CrossValidate(train, ["text"], "label", "lbfgs-maxent",
            features, seed: 3, folds: 4, CategoryTree.Resolve(train, null));
        var again = Evaluation.CsvClassifierEvaluation.CrossValidate(train, ["text"], "label", "lbfgs-maxent",
            features, seed: 3, folds: 4, CategoryTree.Resolve(train, null));
        Assert.Equal(4, first.Folds.Count);
        Assert.All(first.Folds, f => Assert.InRange(f, 0.0, 1.0));
        Assert.True(first.Mean > 0.8, $"two plainly different matters should separate (macro-F1 {first.Mean:0.000})");
        Assert.Equal(first.Folds, again.Folds);
    }
}
