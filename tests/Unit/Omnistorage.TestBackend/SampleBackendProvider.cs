using Omnistorage;
using Omnistorage.TestBackend;

[assembly: OmnistorageBackend(typeof(SampleBackendProvider))]

namespace Omnistorage.TestBackend;

/// <summary>
/// Registers the <c>sample</c> backend: <c>sample://NAME</c> opens the process-wide store NAME. It implements only
/// the required contract (no append, no server-side copy), so tests can also see how cmdlets treat a backend that
/// lacks an optional capability.
/// </summary>
public sealed class SampleBackendProvider : IBackendProvider
{
    public BackendDescriptor Descriptor { get; } = new()
    {
        Name = SampleBackend.BackendName,
        Schemes = [SampleBackend.BackendName],
        BackendType = typeof(SampleBackend),
        Description = "A flat in-process key-value store shipped in its own assembly; used to test registering external backends.",
        Options =
        [
            new BackendOptionDescriptor("name", BackendOptionType.String, "The store to open; every open of the same name in the process shares it.")
            {
                IsRequired = true,
                EnvironmentVariable = "OMNI_SAMPLE_NAME",
            },
            new BackendOptionDescriptor("read-only", BackendOptionType.Boolean, "Refuse every write, delete and directory change.")
            {
                Default = false,
                EnvironmentVariable = "OMNI_SAMPLE_READ_ONLY",
            },
            new BackendOptionDescriptor("user", BackendOptionType.String, "A user name; when given, password must be the user name reversed (a test convention).")
            {
                EnvironmentVariable = "OMNI_SAMPLE_USER",
                CredentialPart = CredentialPart.UserName,
            },
            new BackendOptionDescriptor("password", BackendOptionType.String, "The user's password.")
            {
                IsSecret = true,
                EnvironmentVariable = "OMNI_SAMPLE_PASSWORD",
                CredentialPart = CredentialPart.Password,
            },
        ],
        Factory = static (options, cancellationToken) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Lets the PowerShell tests check that -Credential reaches the backend's user and secret options.
            if (options.GetString("user") is { } user && options.GetString("password") != new string(user.Reverse().ToArray()))
            {
                throw new StorageException(StorageErrorCode.PermissionDenied, $"Wrong password for '{user}'.", SampleBackend.BackendName);
            }

            return ValueTask.FromResult<IStorageBackend>(new SampleBackend(options.GetRequiredString("name"), options.GetBoolean("read-only")));
        },
        UriParser = static uri => new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = uri.Authority },
    };
}
