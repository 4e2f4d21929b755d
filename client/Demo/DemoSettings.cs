namespace Orleans.Pipeline.Client.Demo;

/// <summary>The demo's knobs: corpus size and files, map partitions, and silos.</summary>
internal sealed record DemoSettings(int SizeMb, int Files, int Partitions, int Silos)
{
    public void Validate()
    {
        Check(SizeMb, 1, 4096, "--size-mb");
        Check(Files, 1, 1000, "--files");
        Check(Partitions, 1, 1000, "--partitions");
        Check(Silos, 1, 8, "--silos");
    }

    private static void Check(int value, int min, int max, string option)
    {
        if (value < min || value > max)
        {
            throw new CommandException(ExitCodes.BadInput, $"{option} {value} is out of range: use {min} to {max}.");
        }
    }
}
