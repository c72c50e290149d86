namespace CallSid.AppHost.Hosting;

/// <summary>Everything the AppHost prints: each resource's lines behind its name, the AppHost's own, and the resources table.</summary>
public sealed class ConsoleOutput
{
    private const string AppHostName = "apphost";

    private static readonly ConsoleColor[] Palette =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkGreen];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ConsoleColor> _colors = [];
    private readonly bool _color = !Console.IsOutputRedirected;
    private int _width = AppHostName.Length;

    public void Register(string name) => _width = Math.Max(_width, name.Length);

    public void Line(string source, string text)
    {
        lock (_lock)
        {
            if (_color)
            {
                if (!_colors.TryGetValue(source, out var color))
                {
                    _colors[source] = color = source == AppHostName ? ConsoleColor.White : Palette[_colors.Count % Palette.Length];
                }

                Console.ForegroundColor = color;
                Console.Write($"[{source.PadRight(_width)}] ");
                Console.ResetColor();
                Console.WriteLine(text);
            }
            else
            {
                Console.WriteLine($"[{source.PadRight(_width)}] {text}");
            }
        }
    }

    public void Info(string text) => Line(AppHostName, text);

    public void Table(IEnumerable<ResourceSnapshot> resources)
    {
        var rows = resources.Select(r => (r.Name, State: r.Health is ResourceHealth.Healthy ? "healthy" : r.State.ToString().ToLowerInvariant(), r.Detail)).ToList();
        var nameWidth = Math.Max("resource".Length, rows.Max(r => r.Name.Length));
        var stateWidth = Math.Max("state".Length, rows.Max(r => r.State.Length));
        lock (_lock)
        {
            Console.WriteLine();
            Console.WriteLine($"  {"resource".PadRight(nameWidth)}  {"state".PadRight(stateWidth)}  details");
            foreach (var (name, state, detail) in rows)
            {
                Console.WriteLine($"  {name.PadRight(nameWidth)}  {state.PadRight(stateWidth)}  {detail}");
            }

            Console.WriteLine();
        }
    }
}
