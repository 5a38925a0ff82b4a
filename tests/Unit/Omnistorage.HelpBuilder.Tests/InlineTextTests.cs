namespace Omnistorage.HelpBuilder.Tests;

/// <summary>Markdown inline markup must disappear from help text without damaging what PowerShell users type.</summary>
public sealed class InlineTextTests
{
    [Theory]
    [InlineData("Use `Get-ChildItem *.txt` here.", "Use Get-ChildItem *.txt here.")]
    [InlineData("**Bold**, *italic*, __strong__ and _em_.", "Bold, italic, strong and em.")]
    [InlineData("Set OMNI_FILE_ROOT or about_Omnistorage.", "Set OMNI_FILE_ROOT or about_Omnistorage.")]
    [InlineData("Match *.txt and *.log files.", "Match *.txt and *.log files.")]
    [InlineData("A `` code with ` backtick `` span.", "A code with ` backtick span.")]
    [InlineData(@"Escaped \*stars\* and \[brackets\].", "Escaped *stars* and [brackets].")]
    [InlineData(@"Paths like C:\data\logs stay.", @"Paths like C:\data\logs stay.")]
    [InlineData("See [Get-OmniBackend](Get-OmniBackend.md).", "See Get-OmniBackend.")]
    [InlineData("See [the docs](https://example.org/x).", "See the docs (https://example.org/x).")]
    [InlineData("See [https://example.org/x](https://example.org/x).", "See https://example.org/x.")]
    [InlineData("Open <https://example.org/y> now.", "Open https://example.org/y now.")]
    [InlineData("A `*literal*` and `[link](x)` in code.", "A *literal* and [link](x) in code.")]
    [InlineData("An unmatched ` backtick.", "An unmatched ` backtick.")]
    public void Markup_is_removed_and_literal_text_kept(string markdown, string expected) =>
        Assert.Equal(expected, InlineText.ToPlainText(markdown));
}
