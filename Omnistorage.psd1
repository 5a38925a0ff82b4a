@{
    RootModule           = 'Omnistorage.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '4262b399-7d5b-4348-babe-1c9caa69e0e0'
    Author               = 'Omnistorage contributors'
    CompanyName          = 'Omnistorage contributors'
    Copyright            = '(c) Omnistorage contributors.'
    Description          = 'One set of cmdlets and a provider over many storage backends (local files, memory, and more to come), in the spirit of rclone.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'

    # Explicit, empty lists: nothing is exported until the cmdlets and the provider exist, and PowerShell never has to
    # scan the module to find out.
    CmdletsToExport      = @()
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('storage', 'files', 'cloud', 'rclone', 'object-storage', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ReleaseNotes = '0.1.0: the storage contract, the memory, file, channel and multi backends, record streams and the omni command line. The PowerShell provider and cmdlets are not included yet.'
        }
    }
}
