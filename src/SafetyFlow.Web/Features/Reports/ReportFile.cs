namespace SafetyFlow.Web.Features.Reports;

/// <summary>A report written as a file: its bytes, content type and the name it downloads under.</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);
