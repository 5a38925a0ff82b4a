namespace Omnistorage.HelpBuilder.Tests;

/// <summary>Converts the complete fixture page and checks the MAML that Get-Help -Full would read.</summary>
public sealed class CmdletPageConversionTests : IDisposable
{
    private const string Command = "/msh:helpItems/command:command[command:details/command:name='Read-OmniRecord']";
    private readonly TemporaryDirectory directory = new();
    private readonly MamlDocument maml;
    private readonly BuildRun run;

    public CmdletPageConversionTests()
    {
        Fixtures.CopyTo(directory, "Read-OmniRecord.md");
        run = BuildRun.Execute(directory.Combine("md"), directory.Combine("out", "en-US"));
        Assert.True(run.ExitCode == 0, run.Errors);
        maml = MamlDocument.Load(directory.Combine("out", "en-US", "Omnistorage.PowerShell.dll-Help.xml"));
    }

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Root_is_a_maml_helpItems_element_holding_one_command_per_page()
    {
        var root = maml.Document.DocumentElement!;
        Assert.Equal("helpItems", root.LocalName);
        Assert.Equal("http://msh", root.NamespaceURI);
        Assert.Equal("maml", root.GetAttribute("schema"));
        Assert.Single(maml.Nodes("/msh:helpItems/command:command"));
    }

    [Fact]
    public void Details_hold_name_verb_noun_and_synopsis()
    {
        Assert.Equal("Read-OmniRecord", maml.Text($"{Command}/command:details/command:name"));
        Assert.Equal("Read", maml.Text($"{Command}/command:details/command:verb"));
        Assert.Equal("OmniRecord", maml.Text($"{Command}/command:details/command:noun"));
        Assert.Equal(
            ["Reads records from a record stream stored in any Omnistorage backend."],
            maml.Texts($"{Command}/command:details/maml:description/maml:para"));
    }

    [Fact]
    public void Description_joins_wrapped_lines_keeps_list_items_apart_and_strips_markup()
    {
        Assert.Equal(
            [
                "The Read-OmniRecord cmdlet reads a record stream (newline-delimited JSON or length-prefixed binary records) and writes one object per record to the pipeline.",
                "Compression is chosen from the file extension:",
                "- .gz is read with gzip.",
                "- .zst is read with Zstandard.",
                "See the record format (https://example.org/omnistorage/records) for details.",
            ],
            maml.Texts($"{Command}/maml:description/maml:para"));
    }

    [Fact]
    public void Syntax_has_one_item_per_parameter_set_with_its_parameters_in_syntax_order()
    {
        var items = maml.Nodes($"{Command}/command:syntax/command:syntaxItem");
        Assert.Equal(2, items.Count);
        Assert.Equal(
            ["Path", "Format", "First", "AsString"],
            maml.Texts($"{Command}/command:syntax/command:syntaxItem[1]/command:parameter/maml:name"));
        Assert.Equal(
            ["LiteralPath", "Format", "First", "AsString"],
            maml.Texts($"{Command}/command:syntax/command:syntaxItem[2]/command:parameter/maml:name"));
        Assert.All(maml.Texts($"{Command}/command:syntax/command:syntaxItem/maml:name"), name => Assert.Equal("Read-OmniRecord", name));
    }

    [Fact]
    public void Syntax_leaves_the_value_off_switches_and_lists_accepted_values()
    {
        var switchParameter = maml.Node($"{Command}/command:syntax/command:syntaxItem[1]/command:parameter[maml:name='AsString']");
        Assert.Null(switchParameter.SelectSingleNode("command:parameterValue", maml.Namespaces));

        Assert.Equal(
            ["Auto", "Ndjson", "LengthPrefixed"],
            maml.Texts($"{Command}/command:syntax/command:syntaxItem[1]/command:parameter[maml:name='Format']/command:parameterValueGroup/command:parameterValue"));
        Assert.Equal("String", maml.Text($"{Command}/command:syntax/command:syntaxItem[1]/command:parameter[maml:name='Format']/command:parameterValue"));
    }

    [Fact]
    public void Parameters_carry_required_position_globbing_pipeline_input_and_aliases()
    {
        var path = maml.Node($"{Command}/command:parameters/command:parameter[maml:name='Path']");
        Assert.Equal("true", path.Attributes!["required"]!.Value);
        Assert.Equal("0", path.Attributes["position"]!.Value);
        Assert.Equal("true", path.Attributes["globbing"]!.Value);
        Assert.Equal("True (ByPropertyName, ByValue)", path.Attributes["pipelineInput"]!.Value);
        Assert.Equal("none", path.Attributes["aliases"]!.Value);
        Assert.Equal("true", path.Attributes["variableLength"]!.Value);

        var literalPath = maml.Node($"{Command}/command:parameters/command:parameter[maml:name='LiteralPath']");
        Assert.Equal("named", literalPath.Attributes!["position"]!.Value);
        Assert.Equal("false", literalPath.Attributes["globbing"]!.Value);
        Assert.Equal("True (ByPropertyName)", literalPath.Attributes["pipelineInput"]!.Value);
        Assert.Equal("PSPath", literalPath.Attributes["aliases"]!.Value);

        var first = maml.Node($"{Command}/command:parameters/command:parameter[maml:name='First']");
        Assert.Equal("Head, TotalCount", first.Attributes!["aliases"]!.Value);
        Assert.Equal("false", first.Attributes["required"]!.Value);
        Assert.Equal("False", first.Attributes["pipelineInput"]!.Value);
    }

    [Fact]
    public void Parameters_carry_description_type_value_and_default_in_page_order()
    {
        Assert.Equal(
            ["AsString", "First", "Format", "LiteralPath", "Path"],
            maml.Texts($"{Command}/command:parameters/command:parameter/maml:name"));

        const string Format = Command + "/command:parameters/command:parameter[maml:name='Format']";
        Assert.Equal(
            ["The record framing. Auto decides by extension: .ndjson and .jsonl are newline-delimited, everything else is length-prefixed."],
            maml.Texts($"{Format}/maml:description/maml:para"));
        Assert.Equal("String", maml.Text($"{Format}/command:parameterValue"));
        Assert.Equal("true", maml.Node($"{Format}/command:parameterValue").Attributes!["required"]!.Value);
        Assert.Equal("String", maml.Text($"{Format}/dev:type/maml:name"));
        Assert.Equal("Auto", maml.Text($"{Format}/dev:defaultValue"));
        Assert.Empty(maml.Nodes($"{Format}/command:parameterValueGroup"));

        const string AsString = Command + "/command:parameters/command:parameter[maml:name='AsString']";
        Assert.Equal("SwitchParameter", maml.Text($"{AsString}/command:parameterValue"));
        Assert.Equal("false", maml.Node($"{AsString}/command:parameterValue").Attributes!["required"]!.Value);
        Assert.Equal("False", maml.Text($"{AsString}/dev:defaultValue"));
        Assert.Equal("None", maml.Text(Command + "/command:parameters/command:parameter[maml:name='Path']/dev:defaultValue"));
    }

    [Fact]
    public void Common_parameters_are_not_emitted_as_a_parameter()
    {
        Assert.Empty(maml.Nodes($"{Command}//command:parameter[maml:name='CommonParameters']"));
        Assert.DoesNotContain("CommonParameters", maml.Document.OuterXml, StringComparison.Ordinal);
    }

    [Fact]
    public void Examples_carry_padded_title_code_and_remarks()
    {
        var examples = maml.Nodes($"{Command}/command:examples/command:example");
        Assert.Equal(2, examples.Count);

        var title = maml.Text($"{Command}/command:examples/command:example[1]/maml:title");
        Assert.Equal("Example 1: Read every record of a log file", title.Trim('-', ' '));
        Assert.StartsWith("----", title, StringComparison.Ordinal);
        Assert.Equal(@"PS C:\> Read-OmniRecord -Path 'logs:/2024/app.ndjson.gz'", maml.Text($"{Command}/command:examples/command:example[1]/dev:code"));
        Assert.Equal(
            ["Reads the compressed file and writes each record as a PSCustomObject."],
            maml.Texts($"{Command}/command:examples/command:example[1]/dev:remarks/maml:para"));

        // The command and its output block are both shown, separated by a blank line, as platyPS does.
        Assert.Equal(
            "PS C:\\> Get-ChildItem logs:/2024 -Filter *.ndjson |\n    Read-OmniRecord -First 10 -AsString\n\n{\"level\":\"info\",\"message\":\"started\"}",
            maml.Text($"{Command}/command:examples/command:example[2]/dev:code"));
        Assert.Equal(
            ["Pipes file items by property name and stops after ten records per file. The records are written as strings."],
            maml.Texts($"{Command}/command:examples/command:example[2]/dev:remarks/maml:para"));
    }

    [Fact]
    public void Inputs_outputs_and_notes_are_converted()
    {
        Assert.Equal(["System.String"], maml.Texts($"{Command}/command:inputTypes/command:inputType/dev:type/maml:name"));
        Assert.Equal(["A path, by value or by property name."], maml.Texts($"{Command}/command:inputTypes/command:inputType/maml:description/maml:para"));
        Assert.Equal(
            ["System.Management.Automation.PSObject", "System.String"],
            maml.Texts($"{Command}/command:returnValues/command:returnValue/dev:type/maml:name"));
        Assert.Equal(["With -AsString, the record text."], maml.Texts($"{Command}/command:returnValues/command:returnValue[2]/maml:description/maml:para"));
        Assert.Equal(
            ["Records are read as a stream; the whole file is never held in memory."],
            maml.Texts($"{Command}/maml:alertSet/maml:alert/maml:para"));
    }

    [Fact]
    public void Related_links_keep_web_addresses_and_drop_relative_page_links()
    {
        Assert.Equal(
            ["Online Version:", "Write-OmniRecord", "about_Omnistorage", "Record format"],
            maml.Texts($"{Command}/command:relatedLinks/maml:navigationLink/maml:linkText"));
        Assert.Equal(
            ["https://example.org/omnistorage/Read-OmniRecord", string.Empty, string.Empty, "https://example.org/omnistorage/records"],
            maml.Texts($"{Command}/command:relatedLinks/maml:navigationLink/maml:uri"));
    }

    [Fact]
    public void Sections_appear_in_the_order_platyPS_writes_them()
    {
        var children = maml.Node(Command).ChildNodes.Cast<System.Xml.XmlNode>().Select(node => node.Name).ToList();
        Assert.Equal(
            ["command:details", "maml:description", "command:syntax", "command:parameters", "command:inputTypes", "command:returnValues", "maml:alertSet", "command:examples", "command:relatedLinks"],
            children);
    }

    [Fact]
    public void Output_is_reported_and_leaves_no_temporary_files()
    {
        Assert.Contains("1 cmdlet", run.Output, StringComparison.Ordinal);
        Assert.Equal(["Omnistorage.PowerShell.dll-Help.xml"], Directory.GetFiles(directory.Combine("out", "en-US")).Select(Path.GetFileName));
    }
}
