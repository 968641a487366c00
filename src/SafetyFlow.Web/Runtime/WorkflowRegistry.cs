using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// The workflow definitions in force, and every earlier version kept in the database, by content hash.
/// A finding or inspection names the version it started on; that version stays available when the file changes.
/// </summary>
public sealed class WorkflowRegistry(WorkflowCatalog current, ILogger<WorkflowRegistry> logger)
{
    private readonly ConcurrentDictionary<string, WorkflowDefinition> _byHash = new(
        current.All.ToDictionary(d => d.ContentHash));

    private readonly ConcurrentDictionary<string, FindingLifecycle> _lifecycles = new();
    private Dictionary<string, StoredWorkflowDefinition> _stored = [];

    public WorkflowCatalog Current { get; } = current;

    public FindingLifecycle CurrentLifecycle => LifecycleFor(Current.Rectification.ContentHash);

    /// <summary>The stored version number of the definition with this content hash.</summary>
    public int VersionOf(WorkflowDefinition definition) =>
        _stored.TryGetValue(definition.ContentHash, out var stored) ? stored.Version : 1;

    public FindingLifecycle LifecycleFor(string contentHash) =>
        _lifecycles.GetOrAdd(contentHash, hash => new FindingLifecycle((RectificationWorkflow)Definition(hash)));

    public InspectionWorkflow InspectionFor(string contentHash) => (InspectionWorkflow)Definition(contentHash);

    /// <summary>Stores each current definition whose content is new as the next version of its id, and loads the older ones.</summary>
    public async Task SyncAsync(SafetyFlowDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        List<StoredWorkflowDefinition> stored;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                stored = await StoreNewVersionsAsync(db, clock, cancellationToken);
                break;
            }
            catch (DbUpdateException e) when (e.IsConflict() && attempt < 3)
            {
                // Another node stored the same content, or took the version number, first: read again and go on from there.
                db.ChangeTracker.Clear();
                logger.LogInformation("Workflow definitions were stored by another node meanwhile; reading them again");
            }
        }

        foreach (var record in stored.Where(s => !_byHash.ContainsKey(s.ContentHash)))
        {
            try
            {
                _byHash[record.ContentHash] = WorkflowLoader.Parse(record.Source, record.FileName);
            }
            catch (WorkflowDefinitionException e)
            {
                // An older version that today's loader rejects cannot run again; findings on it fall back to the current one.
                logger.LogWarning("Stored workflow {WorkflowId} v{Version} no longer loads: {Errors}", record.WorkflowId, record.Version, e.Message);
            }
        }

        _stored = stored.ToDictionary(s => s.ContentHash);
    }

    private async Task<List<StoredWorkflowDefinition>> StoreNewVersionsAsync(SafetyFlowDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var stored = await db.WorkflowDefinitions.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var definition in Current.All.Where(d => stored.All(s => s.ContentHash != d.ContentHash)))
        {
            var version = stored.Where(s => s.WorkflowId == definition.Id).Select(s => s.Version).DefaultIfEmpty(0).Max() + 1;
            var record = new StoredWorkflowDefinition
            {
                ContentHash = definition.ContentHash,
                WorkflowId = definition.Id,
                Version = version,
                Kind = definition.Kind.ToString(),
                FileName = Path.GetFileName(definition.SourceFile),
                Source = definition.Source,
                LoadedAt = clock.GetUtcNow(),
            };
            db.WorkflowDefinitions.Add(record);
            stored.Add(record);
            logger.LogInformation("Workflow {WorkflowId} stored as version {Version}", definition.Id, version);
        }

        await db.SaveChangesAsync(cancellationToken);
        return stored;
    }

    private WorkflowDefinition Definition(string contentHash)
    {
        if (_byHash.TryGetValue(contentHash, out var definition))
        {
            return definition;
        }

        var id = _stored.TryGetValue(contentHash, out var record) ? record.WorkflowId : null;
        return (id is null ? null : Current.Find(id))
            ?? throw new InvalidOperationException($"Workflow version {contentHash} is not stored and has no current successor.");
    }
}
