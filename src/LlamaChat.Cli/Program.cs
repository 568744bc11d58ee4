Console.WriteLine("llamachat");
