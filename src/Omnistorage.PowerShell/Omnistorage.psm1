# The module's root. PowerShell inspects every type of a binary module before it runs the module's initializer, and
# some of Omnistorage.PowerShell.dll's types need Omnistorage.Core, which lives in Dependencies/ and is loaded only by
# the module's own AssemblyLoadContext (so that the module coexists with Az, AWS.Tools and other modules that bring
# different versions of the same libraries). So: load the assembly, install that context's resolver, and only then
# import the assembly as the module's cmdlets and provider.
$null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'Omnistorage.PowerShell.dll'))
[Omnistorage.PowerShell.ModuleInitializer]::InstallResolver()
Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'Omnistorage.PowerShell.dll')) -ErrorAction Stop
