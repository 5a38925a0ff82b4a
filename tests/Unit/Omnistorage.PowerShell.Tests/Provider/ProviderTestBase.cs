using System.Management.Automation;
using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Provider;

/// <summary>A session with one memory drive and one file drive, both fresh; removed with the session.</summary>
public abstract class ProviderTestBase : IDisposable
{
    protected ProviderTestBase()
    {
        Session = new PowerShellSession();
        Memory = Names.Unique("m");
        MemoryRoot = $"memory://{Memory}/base";
        Session.NewDrive(Memory, MemoryRoot);
        Temp = new TempDirectory();
        Local = Names.Unique("f");
        Session.NewDrive(Local, Temp.Uri);
    }

    protected PowerShellSession Session { get; }
    protected TempDirectory Temp { get; }
    protected string Memory { get; }
    protected string MemoryRoot { get; }
    protected string Local { get; }
    protected ProviderIntrinsics Provider => Session.State.InvokeProvider;

    protected void NewFile(string path, string content)
    {
        var parent = path.Contains('\\') ? path[..path.LastIndexOf('\\')] : path[..(path.IndexOf(':') + 1)] + "\\";
        var name = path[(path.LastIndexOfAny(['\\', ':']) + 1)..];
        Provider.Item.New([parent], name, "File", content, force: true);
    }

    protected static string Name(PSObject item) => (string)item.Properties["PSChildName"].Value;

    protected static T Property<T>(PSObject item, string name) => (T)item.Properties[name].Value;

    protected string ReadText(string path) =>
        string.Join("\n", Provider.Content.GetReader(path).SelectMany(reader =>
        {
            var lines = new List<string>();
            while (true)
            {
                var block = reader.Read(0);
                if (block is null || block.Count == 0) break;
                lines.AddRange(block.Cast<object>().Select(o => o.ToString()!));
            }

            reader.Close();
            return lines;
        }));

    /// <summary>
    /// The intrinsics turn an error the provider writes into an exception; its chain holds the Core error, whose code
    /// (a name here, since the test does not load Core) decides the error id a cmdlet would show.
    /// </summary>
    protected static void AssertStorageError(Exception exception, string code)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current.GetType().FullName == "Omnistorage.StorageException")
            {
                Assert.Equal(code, current.GetType().GetProperty("Code")!.GetValue(current)!.ToString());
                return;
            }
        }

        Assert.Fail($"No StorageException in {exception}");
    }

    public virtual void Dispose()
    {
        Session.Dispose();
        Temp.Dispose();
    }
}
