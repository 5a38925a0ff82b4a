using System.Text;
using System.Xml;

namespace Omnistorage.HelpBuilder;

/// <summary>
/// Renders cmdlet help as MAML in the layout platyPS's New-ExternalHelp produces, which is what PowerShell's help
/// engine reads for a binary module: one <c>command:command</c> per cmdlet inside <c>helpItems</c>.
/// </summary>
internal static class MamlWriter
{
    public const string MshNamespace = "http://msh";
    public const string MamlNamespace = "http://schemas.microsoft.com/maml/2004/10";
    public const string CommandNamespace = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public const string DevNamespace = "http://schemas.microsoft.com/maml/dev/2004/10";
    public const string MsHelpNamespace = "http://msdn.microsoft.com/mshelp";

    /// <summary>Writes the MAML document as UTF-8 without a byte order mark and with LF line ends, so that output is byte-identical on every platform.</summary>
    public static byte[] Render(IEnumerable<CmdletHelp> commands)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("helpItems", MshNamespace);
            writer.WriteAttributeString("schema", "maml");
            foreach (var command in commands)
            {
                WriteCommand(writer, command);
            }

            writer.WriteFullEndElement();
            writer.WriteEndDocument();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteCommand(XmlWriter writer, CmdletHelp command)
    {
        writer.WriteStartElement("command", "command", CommandNamespace);
        writer.WriteAttributeString("xmlns", "maml", null, MamlNamespace);
        writer.WriteAttributeString("xmlns", "command", null, CommandNamespace);
        writer.WriteAttributeString("xmlns", "dev", null, DevNamespace);
        writer.WriteAttributeString("xmlns", "MSHelp", null, MsHelpNamespace);

        writer.WriteStartElement("command", "details", CommandNamespace);
        writer.WriteElementString("command", "name", CommandNamespace, command.Name);
        writer.WriteElementString("command", "verb", CommandNamespace, command.Verb);
        writer.WriteElementString("command", "noun", CommandNamespace, command.Noun);
        WriteParagraphs(writer, "description", command.Synopsis);
        writer.WriteEndElement();

        WriteParagraphs(writer, "description", command.Description);

        writer.WriteStartElement("command", "syntax", CommandNamespace);
        foreach (var syntax in command.Syntax)
        {
            writer.WriteStartElement("command", "syntaxItem", CommandNamespace);
            writer.WriteElementString("maml", "name", MamlNamespace, command.Name);
            foreach (var parameterName in syntax.ParameterNames)
            {
                var parameter = command.Parameters.First(candidate => candidate.Name == parameterName);
                WriteParameter(writer, parameter, parameter.MetadataFor(syntax.SetName), inSyntax: true);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();

        writer.WriteStartElement("command", "parameters", CommandNamespace);
        foreach (var parameter in command.Parameters)
        {
            WriteParameter(writer, parameter, parameter.MetadataFor(DefaultSetName(command)), inSyntax: false);
        }

        writer.WriteEndElement();

        WriteTypes(writer, "inputTypes", "inputType", command.Inputs);
        WriteTypes(writer, "returnValues", "returnValue", command.Outputs);

        writer.WriteStartElement("maml", "alertSet", MamlNamespace);
        writer.WriteStartElement("maml", "alert", MamlNamespace);
        WriteParagraphElements(writer, command.Notes);
        writer.WriteEndElement();
        writer.WriteEndElement();

        writer.WriteStartElement("command", "examples", CommandNamespace);
        foreach (var example in command.Examples)
        {
            writer.WriteStartElement("command", "example", CommandNamespace);
            writer.WriteElementString("maml", "title", MamlNamespace, PadExampleTitle(example.Title));
            writer.WriteElementString("dev", "code", DevNamespace, example.Code);
            writer.WriteStartElement("dev", "remarks", DevNamespace);
            WriteParagraphElements(writer, example.Remarks);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();

        writer.WriteStartElement("command", "relatedLinks", CommandNamespace);
        foreach (var link in command.Links)
        {
            writer.WriteStartElement("maml", "navigationLink", MamlNamespace);
            writer.WriteElementString("maml", "linkText", MamlNamespace, link.Text);
            writer.WriteElementString("maml", "uri", MamlNamespace, link.Uri);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>The set whose attributes the PARAMETERS part of Get-Help shows: the default set, else the first one.</summary>
    private static string? DefaultSetName(CmdletHelp command) =>
        (command.Syntax.FirstOrDefault(syntax => syntax.IsDefault) ?? command.Syntax.FirstOrDefault())?.SetName;

    private static void WriteParameter(XmlWriter writer, ParameterHelp parameter, ParameterMetadata metadata, bool inSyntax)
    {
        writer.WriteStartElement("command", "parameter", CommandNamespace);
        writer.WriteAttributeString("required", metadata.Required ? "true" : "false");

        // platyPS marks every parameter variableLength="true"; Get-Help only prints it, so match what users know.
        writer.WriteAttributeString("variableLength", "true");
        writer.WriteAttributeString("globbing", metadata.Globbing ? "true" : "false");
        writer.WriteAttributeString("pipelineInput", metadata.PipelineInput);
        writer.WriteAttributeString("position", metadata.Position);
        writer.WriteAttributeString("aliases", metadata.Aliases.Count > 0 ? string.Join(", ", metadata.Aliases) : "none");

        writer.WriteElementString("maml", "name", MamlNamespace, parameter.Name);
        WriteParagraphs(writer, "description", parameter.Description);

        if (inSyntax && metadata.AcceptedValues.Count > 0)
        {
            writer.WriteStartElement("command", "parameterValueGroup", CommandNamespace);
            foreach (var value in metadata.AcceptedValues)
            {
                writer.WriteStartElement("command", "parameterValue", CommandNamespace);
                writer.WriteAttributeString("required", "false");
                writer.WriteAttributeString("command", "variableLength", CommandNamespace, "false");
                writer.WriteString(value);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        var typeName = metadata.IsSwitch ? "SwitchParameter" : metadata.Type;

        // Inside a syntax item a switch shows as a bare -Name, so it carries no value element there.
        if (!inSyntax || !metadata.IsSwitch)
        {
            writer.WriteStartElement("command", "parameterValue", CommandNamespace);
            writer.WriteAttributeString("required", metadata.IsSwitch ? "false" : "true");
            writer.WriteAttributeString("variableLength", "false");
            writer.WriteString(typeName);
            writer.WriteEndElement();
        }

        writer.WriteStartElement("dev", "type", DevNamespace);
        writer.WriteElementString("maml", "name", MamlNamespace, typeName);
        writer.WriteElementString("maml", "uri", MamlNamespace, string.Empty);
        writer.WriteEndElement();

        var defaultValue = metadata.IsSwitch && (metadata.DefaultValue is null || metadata.DefaultValue.Equals("None", StringComparison.OrdinalIgnoreCase))
            ? "False"
            : metadata.DefaultValue ?? "None";
        writer.WriteElementString("dev", "defaultValue", DevNamespace, defaultValue);
        writer.WriteEndElement();
    }

    private static void WriteTypes(XmlWriter writer, string listElement, string itemElement, IReadOnlyList<TypeHelp> types)
    {
        writer.WriteStartElement("command", listElement, CommandNamespace);
        foreach (var type in types)
        {
            writer.WriteStartElement("command", itemElement, CommandNamespace);
            writer.WriteStartElement("dev", "type", DevNamespace);
            writer.WriteElementString("maml", "name", MamlNamespace, type.TypeName);
            writer.WriteEndElement();
            WriteParagraphs(writer, "description", type.Description);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteParagraphs(XmlWriter writer, string elementName, IReadOnlyList<string> paragraphs)
    {
        writer.WriteStartElement("maml", elementName, MamlNamespace);
        WriteParagraphElements(writer, paragraphs);
        writer.WriteEndElement();
    }

    private static void WriteParagraphElements(XmlWriter writer, IReadOnlyList<string> paragraphs)
    {
        foreach (var paragraph in paragraphs)
        {
            writer.WriteElementString("maml", "para", MamlNamespace, paragraph);
        }
    }

    /// <summary>
    /// Centres the title in a line of dashes, as platyPS does, because Get-Help prints the title verbatim and the
    /// dashes are what separates one example from the next in the console.
    /// </summary>
    internal static string PadExampleTitle(string title)
    {
        const int LineWidth = 64;
        if (string.IsNullOrWhiteSpace(title) || title.Length >= LineWidth - 2)
        {
            return title;
        }

        var dashes = new string('-', (LineWidth - title.Length - 2) / 2);
        return $"{dashes} {title} {dashes}";
    }
}
