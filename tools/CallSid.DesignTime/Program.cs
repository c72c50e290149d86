Console.WriteLine("Design-time host for dotnet ef; see README, \"Changing the schema\".");
