@{
    RootModule           = 'Omnistorage.psm1'
    ModuleVersion        = '0.2.0'
    GUID                 = '4262b399-7d5b-4348-babe-1c9caa69e0e0'
    Author               = 'Omnistorage contributors'
    CompanyName          = 'Omnistorage contributors'
    Copyright            = '(c) Omnistorage contributors.'
    Description          = 'One set of cmdlets and a provider over many storage backends (local files, memory, and more to come), in the spirit of rclone.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'

    # Explicit lists: auto-loading and command discovery read them without loading the module.
    CmdletsToExport      = @(
        'Get-OmniObjectInfo'
        'Get-OmniContent'
        'Write-OmniRecord'
        'Read-OmniRecord'
        'Get-OmniBackend'
        'Register-OmniBackend'
        'Find-OmniDuplicate'
        'Remove-OmniDuplicate'
        'Sync-OmniItem'
        'Compare-OmniItem'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    FormatsToProcess     = @('Omnistorage.format.ps1xml')
    TypesToProcess       = @('Omnistorage.types.ps1xml')

    PrivateData          = @{
        PSData = @{
            Tags         = @('storage', 'files', 'cloud', 'rclone', 'object-storage', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ReleaseNotes = '0.2.0: the Omni provider (every backend as a PowerShell drive), Get-OmniObjectInfo, Get-OmniContent, Write-OmniRecord, Read-OmniRecord, Get-OmniBackend, Register-OmniBackend, Find-OmniDuplicate and Remove-OmniDuplicate, format views, help, and dependency isolation. 0.1.0: the storage contract, the memory, file, channel and multi backends, record streams and the omni command line.'
        }
    }
}
