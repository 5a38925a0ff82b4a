namespace Omnistorage.HelpBuilder.Tests;

/// <summary>The repository's own docs/cmdlets folder must always convert, because the module build runs the builder on it.</summary>
public sealed class RepositoryDocsTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Omnistorage.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Omnistorage.sln.");
    }

    [Fact]
    public void Repository_cmdlet_docs_convert_without_errors()
    {
        var docs = Path.Combine(FindRepositoryRoot(), "docs", "cmdlets");
        var run = BuildRun.Execute(docs, directory.FullPath);

        Assert.True(run.ExitCode == 0, run.Errors);
        var pages = Directory.GetFiles(docs, "*.md").Select(Path.GetFileName).OfType<string>().ToList();
        var cmdletPages = pages.Where(name => !name.StartsWith("about_", StringComparison.OrdinalIgnoreCase) && !name.Equals("README.md", StringComparison.OrdinalIgnoreCase)).ToList();
        var maml = MamlDocument.Load(Path.Combine(directory.FullPath, "Omnistorage.PowerShell.dll-Help.xml"));
        Assert.Equal(
            cmdletPages.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.OrdinalIgnoreCase),
            maml.Texts("//command:details/command:name").Order(StringComparer.OrdinalIgnoreCase));

        foreach (var about in pages.Where(name => name.StartsWith("about_", StringComparison.OrdinalIgnoreCase)))
        {
            var topic = File.ReadAllText(Path.Combine(directory.FullPath, Path.GetFileNameWithoutExtension(about) + ".help.txt"));
            Assert.StartsWith("TOPIC\n    " + Path.GetFileNameWithoutExtension(about) + "\n", topic, StringComparison.Ordinal);
            Assert.Contains("\nSHORT DESCRIPTION\n", topic, StringComparison.Ordinal);
            Assert.All(topic.Split('\n'), line => Assert.True(line.Length <= 80 || line.StartsWith("        ", StringComparison.Ordinal) || !line.Trim().Contains(' ', StringComparison.Ordinal), $"{about}: '{line}' is longer than 80 columns"));
        }
    }
}
