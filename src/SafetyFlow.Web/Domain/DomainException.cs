namespace SafetyFlow.Web.Domain;

/// <summary>An action that the current state of a record does not allow (answered with 409).</summary>
public class DomainException(string message) : Exception(message);

/// <summary>An action the actor may not take: a missing role or a separation-of-duties refusal (answered with 403).</summary>
public sealed class ForbiddenActionException(string message) : Exception(message);
