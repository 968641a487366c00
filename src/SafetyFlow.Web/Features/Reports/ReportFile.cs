namespace SafetyFlow.Web.Features.Reports;

/// <summary>A report written as a file: its bytes, content type and the name it downloads under.</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

/// <summary>
/// A report written straight to the response as its rows are read, so that its size does not decide the memory it takes:
/// its content type, the name it downloads under and how to write it.
/// </summary>
public sealed record StreamedReport(string ContentType, string FileName, Func<Stream, CancellationToken, Task> WriteToAsync);
