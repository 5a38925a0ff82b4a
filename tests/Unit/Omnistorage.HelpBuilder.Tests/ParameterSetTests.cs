namespace Omnistorage.HelpBuilder.Tests;

/// <summary>Parameters whose attributes differ between parameter sets, described by one yaml block per group of sets.</summary>
public sealed class ParameterSetTests : IDisposable
{
    private const string Page = """
        # Set-OmniThing

        ## SYNOPSIS
        Changes a thing.

        ## SYNTAX

        ### ByName (Default)
        ```
        Set-OmniThing [-Name] <String> [-Value <String>] [-WhatIf] [<CommonParameters>]
        ```

        ### ByObject
        ```
        Set-OmniThing -InputObject <Object> [-Value <String>] [-WhatIf] [<CommonParameters>]
        ```

        ## DESCRIPTION
        Changes a thing.

        ## EXAMPLES

        ### Example 1
        ```powershell
        Set-OmniThing a -Value b
        ```

        ## PARAMETERS

        ### -InputObject
        The thing.

        ```yaml
        Type: Object
        Parameter Sets: ByObject
        Aliases:

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByValue)
        Accept wildcard characters: False
        ```

        ### -Name
        The name.

        ```yaml
        Type: String
        Parameter Sets: ByName
        Aliases:

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Value
        The new value; required when changing by name, optional when the object is piped.

        ```yaml
        Type: String
        Parameter Sets: ByName
        Aliases:

        Required: True
        Position: 1
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ```yaml
        Type: String
        Parameter Sets: ByObject
        Aliases:

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -WhatIf
        Shows what would happen.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases: wi

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### CommonParameters
        This cmdlet supports the common parameters.
        """;

    private readonly TemporaryDirectory directory = new();
    private readonly MamlDocument maml;

    public ParameterSetTests()
    {
        directory.WriteFile("md/Set-OmniThing.md", Page);
        var run = BuildRun.Execute(directory.Combine("md"), directory.Combine("out"));
        Assert.True(run.ExitCode == 0, run.Errors);
        maml = MamlDocument.Load(directory.Combine("out", "Omnistorage.PowerShell.dll-Help.xml"));
    }

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Each_syntax_item_uses_the_attributes_of_its_own_set()
    {
        var byName = maml.Node("//command:syntax/command:syntaxItem[1]/command:parameter[maml:name='Value']");
        Assert.Equal("true", byName.Attributes!["required"]!.Value);
        Assert.Equal("1", byName.Attributes["position"]!.Value);

        var byObject = maml.Node("//command:syntax/command:syntaxItem[2]/command:parameter[maml:name='Value']");
        Assert.Equal("false", byObject.Attributes!["required"]!.Value);
        Assert.Equal("named", byObject.Attributes["position"]!.Value);
    }

    [Fact]
    public void Set_membership_follows_the_syntax_lines()
    {
        Assert.Equal(["Name", "Value", "WhatIf"], maml.Texts("//command:syntax/command:syntaxItem[1]/command:parameter/maml:name"));
        Assert.Equal(["InputObject", "Value", "WhatIf"], maml.Texts("//command:syntax/command:syntaxItem[2]/command:parameter/maml:name"));
    }

    [Fact]
    public void The_parameters_section_shows_the_default_set_attributes()
    {
        var value = maml.Node("//command:parameters/command:parameter[maml:name='Value']");
        Assert.Equal("true", value.Attributes!["required"]!.Value);
        Assert.Equal("1", value.Attributes["position"]!.Value);
        Assert.Equal("True (ByValue)", maml.Node("//command:parameters/command:parameter[maml:name='InputObject']").Attributes!["pipelineInput"]!.Value);
        Assert.Equal("wi", maml.Node("//command:parameters/command:parameter[maml:name='WhatIf']").Attributes!["aliases"]!.Value);
    }

    [Fact]
    public void An_example_without_remarks_still_has_an_empty_remarks_element()
    {
        Assert.Equal("Set-OmniThing a -Value b", maml.Text("//command:example/dev:code"));
        Assert.Empty(maml.Nodes("//command:example/dev:remarks/maml:para"));
        Assert.Single(maml.Nodes("//command:example/dev:remarks"));
    }
}
