namespace Omnistorage.HelpBuilder.Tests;

public sealed class DeterminismTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Same_input_produces_byte_identical_output_regardless_of_file_creation_order()
    {
        // The second folder receives the pages in the opposite order, so directory enumeration order cannot leak into the output.
        Fixtures.CopyTo(directory, "Read-OmniRecord.md", "about_Sample_Topic.md");
        directory.WriteFile("md/Get-OmniThing.md", Fixtures.MinimalPage());
        directory.WriteFile("md2/Get-OmniThing.md", Fixtures.MinimalPage());
        directory.WriteFile("md2/about_Sample_Topic.md", Fixtures.Read("about_Sample_Topic.md"));
        directory.WriteFile("md2/Read-OmniRecord.md", Fixtures.Read("Read-OmniRecord.md"));

        Assert.Equal(0, BuildRun.Execute(directory.Combine("md"), directory.Combine("first")).ExitCode);
        Assert.Equal(0, BuildRun.Execute(directory.Combine("md2"), directory.Combine("second")).ExitCode);
        Assert.Equal(0, BuildRun.Execute(directory.Combine("md"), directory.Combine("first")).ExitCode);

        var names = Directory.GetFiles(directory.Combine("first")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Omnistorage.PowerShell.dll-Help.xml", "about_Sample_Topic.help.txt"], names);
        foreach (var name in names)
        {
            Assert.Equal(File.ReadAllBytes(directory.Combine("first", name!)), File.ReadAllBytes(directory.Combine("second", name!)));
        }

        var maml = MamlDocument.Load(directory.Combine("first", "Omnistorage.PowerShell.dll-Help.xml"));
        Assert.Equal(["Get-OmniThing", "Read-OmniRecord"], maml.Texts("//command:details/command:name"));
    }

    [Fact]
    public void Windows_line_endings_produce_the_same_output_as_unix_line_endings()
    {
        directory.WriteFile("unix/Read-OmniRecord.md", Fixtures.Read("Read-OmniRecord.md").Replace("\r\n", "\n", StringComparison.Ordinal));
        directory.WriteFile("windows/Read-OmniRecord.md", Fixtures.Read("Read-OmniRecord.md").Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(0, BuildRun.Execute(directory.Combine("unix"), directory.Combine("unix-out")).ExitCode);
        Assert.Equal(0, BuildRun.Execute(directory.Combine("windows"), directory.Combine("windows-out")).ExitCode);

        Assert.Equal(
            File.ReadAllBytes(directory.Combine("unix-out", "Omnistorage.PowerShell.dll-Help.xml")),
            File.ReadAllBytes(directory.Combine("windows-out", "Omnistorage.PowerShell.dll-Help.xml")));
    }
}
