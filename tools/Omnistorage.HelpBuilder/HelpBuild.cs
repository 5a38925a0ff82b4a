namespace Omnistorage.HelpBuilder;

/// <summary>
/// Converts a folder of platyPS markdown into the files Get-Help reads next to the module: every cmdlet page goes
/// into one MAML file named after the module assembly, every about_ topic into its own .help.txt file. Everything is
/// parsed and rendered before anything is written, so a page with errors leaves the output folder untouched.
/// </summary>
internal static class HelpBuild
{
    /// <summary>PowerShell looks for the help of a binary module's cmdlets in a file named after the assembly.</summary>
    public const string MamlFileName = "Omnistorage.PowerShell.dll-Help.xml";

    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static int Run(string markdownDirectory, string outputDirectory, TextWriter output, TextWriter errorOutput)
    {
        var problems = new List<HelpProblem>();
        var commands = new List<CmdletHelp>();
        var aboutTopics = new List<(string FileName, string Text)>();

        var pages = Directory.Exists(markdownDirectory)
            ? Directory.GetFiles(markdownDirectory, "*.md").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var fileName in pages)
        {
            if (fileName.Equals("README.md", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string markdown;
            try
            {
                markdown = File.ReadAllText(Path.Combine(markdownDirectory, fileName));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                problems.Add(new HelpProblem(fileName, 0, "file", $"cannot be read: {exception.Message}", IsError: true));
                continue;
            }

            if (fileName.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                var text = AboutTopicWriter.Render(fileName, markdown, problems);
                if (text is not null)
                {
                    aboutTopics.Add((Path.GetFileNameWithoutExtension(fileName) + ".help.txt", text));
                }

                continue;
            }

            var command = CmdletPageParser.Parse(fileName, markdown, problems);
            if (command is null)
            {
                continue;
            }

            var duplicate = commands.FirstOrDefault(existing => existing.Name.Equals(command.Name, StringComparison.OrdinalIgnoreCase));
            if (duplicate is not null)
            {
                problems.Add(new HelpProblem(fileName, 0, "title", $"{command.Name} is documented by more than one page.", IsError: true));
                continue;
            }

            commands.Add(command);
        }

        foreach (var problem in problems)
        {
            errorOutput.WriteLine(problem.ToString());
        }

        var errorCount = problems.Count(problem => problem.IsError);
        if (errorCount > 0)
        {
            errorOutput.WriteLine($"Help build failed with {errorCount} error(s); nothing was written to {outputDirectory}.");
            return Failure;
        }

        if (commands.Count == 0)
        {
            // The cmdlet pages are written alongside the cmdlets; until they exist the module still gets a valid, empty help file.
            errorOutput.WriteLine(Directory.Exists(markdownDirectory)
                ? $"warning: {markdownDirectory} holds no cmdlet pages; {MamlFileName} will contain no commands."
                : $"warning: {markdownDirectory} does not exist; {MamlFileName} will contain no commands.");
        }

        try
        {
            Directory.CreateDirectory(outputDirectory);
            WriteAtomically(Path.Combine(outputDirectory, MamlFileName), MamlWriter.Render(commands));
            foreach (var (fileName, text) in aboutTopics)
            {
                WriteAtomically(Path.Combine(outputDirectory, fileName), new System.Text.UTF8Encoding(false).GetBytes(text));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errorOutput.WriteLine($"Help build failed writing to {outputDirectory}: {exception.Message}");
            return Failure;
        }

        output.WriteLine($"Wrote help for {commands.Count} cmdlet(s) and {aboutTopics.Count} about topic(s) to {outputDirectory}.");
        return Success;
    }

    /// <summary>Writes next to the target and renames over it, so Get-Help never reads a half-written file.</summary>
    private static void WriteAtomically(string path, byte[] content)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
