using System.Xml;

namespace Omnistorage.HelpBuilder.Tests;

/// <summary>A uniquely named folder under the system temp folder, removed with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        FullPath = Path.Combine(Path.GetTempPath(), "omni-helpbuilder-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string Combine(params string[] parts) => Path.Combine([FullPath, .. parts]);

    public string WriteFile(string relativePath, string content)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(FullPath))
        {
            Directory.Delete(FullPath, recursive: true);
        }
    }
}

/// <summary>The exit code and both output streams of one run of the builder.</summary>
internal sealed record BuildRun(int ExitCode, string Output, string Errors)
{
    public static BuildRun Execute(string markdownDirectory, string outputDirectory)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = HelpBuild.Run(markdownDirectory, outputDirectory, output, errors);
        return new BuildRun(exitCode, output.ToString(), errors.ToString());
    }
}

/// <summary>Loads a MAML file with the prefixes the tests use in XPath expressions.</summary>
internal sealed class MamlDocument
{
    private MamlDocument(XmlDocument document, XmlNamespaceManager namespaces)
    {
        Document = document;
        Namespaces = namespaces;
    }

    public XmlDocument Document { get; }

    public XmlNamespaceManager Namespaces { get; }

    public static MamlDocument Load(string path)
    {
        var document = new XmlDocument();
        document.Load(path);
        var namespaces = new XmlNamespaceManager(document.NameTable);
        namespaces.AddNamespace("msh", "http://msh");
        namespaces.AddNamespace("maml", "http://schemas.microsoft.com/maml/2004/10");
        namespaces.AddNamespace("command", "http://schemas.microsoft.com/maml/dev/command/2004/10");
        namespaces.AddNamespace("dev", "http://schemas.microsoft.com/maml/dev/2004/10");
        return new MamlDocument(document, namespaces);
    }

    public XmlNodeList Nodes(string xpath) => Document.SelectNodes(xpath, Namespaces)!;

    public XmlNode Node(string xpath) =>
        Document.SelectSingleNode(xpath, Namespaces) ?? throw new Xunit.Sdk.XunitException($"No node matches {xpath}");

    public string Text(string xpath) => Node(xpath).InnerText;

    public IReadOnlyList<string> Texts(string xpath) => Nodes(xpath).Cast<XmlNode>().Select(node => node.InnerText).ToList();
}

internal static class Fixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Directory, fileName));

    /// <summary>Copies fixture pages into a fresh markdown folder.</summary>
    public static void CopyTo(TemporaryDirectory target, params string[] fileNames)
    {
        foreach (var fileName in fileNames)
        {
            target.WriteFile(Path.Combine("md", fileName), Read(fileName));
        }
    }

    /// <summary>A small valid cmdlet page; the error tests remove one part of it at a time.</summary>
    public static string MinimalPage(
        string name = "Get-OmniThing",
        string synopsis = "## SYNOPSIS\nGets a thing.\n",
        string examples = "## EXAMPLES\n\n### Example 1: Get one thing\n```powershell\nGet-OmniThing -Name a\n```\n\nGets the thing named a.\n",
        string parameterYaml = "```yaml\nType: String\nParameter Sets: (All)\nAliases:\n\nRequired: True\nPosition: 0\nDefault value: None\nAccept pipeline input: False\nAccept wildcard characters: False\n```\n") =>
        $"""
        ---
        external help file: Omnistorage.PowerShell.dll-Help.xml
        Module Name: Omnistorage
        online version:
        schema: 2.0.0
        ---

        # {name}

        {synopsis}
        ## SYNTAX

        ```
        {name} [-Name] <String> [<CommonParameters>]
        ```

        ## DESCRIPTION
        Gets a thing by name.

        {examples}
        ## PARAMETERS

        ### -Name
        The name of the thing.

        {parameterYaml}
        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### None

        ## OUTPUTS

        ### System.Object

        ## NOTES

        ## RELATED LINKS
        """;
}
