using System.Management.Automation;
using System.Text;

namespace Omnistorage.PowerShell.Internal;

/// <summary>
/// The -Encoding values PowerShell 7 users type (utf8, utf8BOM, utf8NoBOM, unicode, ascii, ...), an
/// <see cref="Encoding"/> object, a code page number or name. The default, as in PowerShell 7, is UTF-8 without BOM.
/// </summary>
internal static class TextEncodings
{
    public static Encoding Default { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static Encoding Parse(object? value)
    {
        switch (value)
        {
            case null:
                return Default;
            case PSObject wrapped:
                return Parse(wrapped.BaseObject);
            case Encoding encoding:
                return encoding;
            case int codePage:
                return Encoding.GetEncoding(codePage);
        }

        var name = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
        switch (name.ToLowerInvariant())
        {
            case "" or "default" or "utf8" or "utf-8" or "utf8nobom":
                return Default;
            case "utf8bom":
                return new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
            case "ascii":
                return new ASCIIEncoding();
            case "unicode" or "utf-16" or "utf16":
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
            case "bigendianunicode":
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
            case "utf32" or "utf-32":
                return new UTF32Encoding(bigEndian: false, byteOrderMark: true);
            case "bigendianutf32":
                return new UTF32Encoding(bigEndian: true, byteOrderMark: true);
            case "latin1":
                return Encoding.Latin1;
        }

        try
        {
            return int.TryParse(name, out var number) ? Encoding.GetEncoding(number) : Encoding.GetEncoding(name);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument,
                $"'{name}' is not an encoding. Use utf8, utf8BOM, utf8NoBOM, unicode, bigendianunicode, utf32, bigendianutf32, ascii, latin1, a code page number or an Encoding object.");
        }
    }
}
