using Omnistorage.HelpBuilder;

if (args.Length != 2)
{
    Console.Error.WriteLine("Usage: Omnistorage.HelpBuilder <markdownDir> <outputDir>");
    Console.Error.WriteLine("Converts platyPS cmdlet pages into <outputDir>/" + HelpBuild.MamlFileName + " and about_*.md topics into <outputDir>/about_*.help.txt.");
    return HelpBuild.UsageError;
}

return HelpBuild.Run(args[0], args[1], Console.Out, Console.Error);
