using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// The workflow definitions in force, and every version stored in the database, by content hash. The database is the
/// one truth of all nodes: which workflows exist is this node's files, but each runs at its newest stored version,
/// whichever node stored it. A finding or inspection names the version it started on; a version this node has not
/// loaded yet is read from the database when first asked for. <see cref="WorkflowFollower"/> reads the stored versions
/// again every <c>SafetyFlow:Workflows:RefreshInterval</c>, so a version another node stores comes into force here
/// without a restart.
/// </summary>
public sealed class WorkflowRegistry(WorkflowCatalog files, IServiceScopeFactory scopes, ILogger<WorkflowRegistry> logger)
{
    /// <summary>Every version loaded so far: this node's files and the stored versions read since.</summary>
    private readonly ConcurrentDictionary<string, WorkflowDefinition> _byHash = new(files.All.ToDictionary(d => d.ContentHash));

    /// <summary>Stored versions this node's loader rejects, with its reasons; a stored version never changes.</summary>
    private readonly ConcurrentDictionary<string, (StoredVersion Version, string Errors)> _unreadable = new();

    /// <summary>The stored version number of every version loaded so far, by content hash.</summary>
    private readonly ConcurrentDictionary<string, int> _versions = new();

    private readonly ConcurrentDictionary<string, FindingLifecycle> _lifecycles = new();

    private volatile InForce _inForce = new(files, ImmutableDictionary<string, StoredVersion>.Empty);

    /// <summary>The definitions in force: for each workflow of this node's files, its newest stored version.</summary>
    public WorkflowCatalog Current => _inForce.Catalog;

    public FindingLifecycle CurrentLifecycle => LifecycleFor(Current.Rectification.ContentHash);

    /// <summary>Every version of the finding lifecycle this node has loaded: its file's and each stored one it can read.</summary>
    public IEnumerable<FindingLifecycle> KnownLifecycles =>
        _byHash.Values.OfType<RectificationWorkflow>().Select(d => LifecycleFor(d.ContentHash));

    /// <summary>The stored version number of the definition with this content hash.</summary>
    public int VersionOf(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return _versions.TryGetValue(definition.ContentHash, out var version) ? version : 1;
    }

    /// <exception cref="WorkflowVersionUnavailableException">The version is not stored, or this node cannot read it.</exception>
    public FindingLifecycle LifecycleFor(string contentHash) =>
        _lifecycles.GetOrAdd(contentHash, hash => new FindingLifecycle((RectificationWorkflow)Definition(hash)));

    /// <exception cref="WorkflowVersionUnavailableException">The version is not stored, or this node cannot read it.</exception>
    public InspectionWorkflow InspectionFor(string contentHash) => (InspectionWorkflow)Definition(contentHash);

    /// <summary>
    /// Stores each of this node's definitions whose content is new as the next version of its id (content already
    /// stored, as an older version too, is not stored again), then reads what is stored and puts the newest in force.
    /// </summary>
    public async Task SyncAsync(SafetyFlowDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        // Start-up runs this under its lock (Infrastructure/Startup.cs), so nodes started together store each version once.
        await StoreNewVersionsAsync(db, clock, cancellationToken);
        await RefreshAsync(db, cancellationToken);
    }

    /// <summary>
    /// Reads which versions are stored; when any is new to this node, loads it and puts the newest version of each
    /// workflow in force. Nothing but that list is read when nothing changed.
    /// </summary>
    public async Task RefreshAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.WorkflowDefinitions.AsNoTracking()
            .Select(d => new StoredVersion(d.ContentHash, d.WorkflowId, d.Version))
            .ToListAsync(cancellationToken);
        var known = _inForce.Stored;

        // Stored versions are only ever added, so the same count of known hashes means nothing changed.
        if (stored.Count == known.Count && stored.TrueForAll(s => known.ContainsKey(s.ContentHash)))
        {
            return;
        }

        var unseen = stored.Select(s => s.ContentHash).Where(h => !_byHash.ContainsKey(h) && !_unreadable.ContainsKey(h)).ToList();
        if (unseen.Count > 0)
        {
            foreach (var record in await db.WorkflowDefinitions.AsNoTracking().Where(d => unseen.Contains(d.ContentHash)).ToListAsync(cancellationToken))
            {
                Load(record);
            }
        }

        foreach (var version in stored)
        {
            _versions[version.ContentHash] = version.Version;
        }

        PutInForce(stored.ToImmutableDictionary(s => s.ContentHash));
    }

    private void PutInForce(ImmutableDictionary<string, StoredVersion> stored)
    {
        var before = _inForce.Catalog;
        var definitions = files.All.Select(file => Newest(file, stored)).ToList();
        var catalog = new WorkflowCatalog(
            [.. definitions.OfType<InspectionWorkflow>()],
            definitions.OfType<RectificationWorkflow>().Single(),
            definitions.OfType<ZoneRatingDefinition>().SingleOrDefault());
        _inForce = new InForce(catalog, stored);
        foreach (var definition in catalog.All.Where(d => before.Find(d.Id)?.ContentHash != d.ContentHash))
        {
            logger.LogInformation("Workflow {WorkflowId} v{Version} is in force", definition.Id, stored.TryGetValue(definition.ContentHash, out var version) ? version.Version : 1);
        }
    }

    /// <summary>The newest stored version of <paramref name="file"/>'s workflow that this node can run; the file's own when none is newer.</summary>
    private WorkflowDefinition Newest(WorkflowDefinition file, ImmutableDictionary<string, StoredVersion> stored)
    {
        var own = stored.TryGetValue(file.ContentHash, out var ownVersion) ? ownVersion.Version : 0;
        foreach (var version in stored.Values.Where(s => s.WorkflowId == file.Id && s.Version > own).OrderByDescending(s => s.Version))
        {
            if (_byHash.TryGetValue(version.ContentHash, out var newer) && newer.GetType() == file.GetType())
            {
                return newer;
            }

            logger.LogWarning(
                "Workflow {WorkflowId} v{Version} was stored by a node with newer files and cannot be run by this node; v{Own} stays in force here",
                version.WorkflowId,
                version.Version,
                own);
        }

        return file;
    }

    /// <summary>Parses a stored version; one this node's loader rejects is remembered as unreadable, with the reasons.</summary>
    private WorkflowDefinition? Load(StoredWorkflowDefinition record)
    {
        _versions[record.ContentHash] = record.Version;
        try
        {
            return _byHash.GetOrAdd(record.ContentHash, WorkflowLoader.Parse(record.Source, record.FileName));
        }
        catch (WorkflowDefinitionException e)
        {
            logger.LogWarning("Stored workflow {WorkflowId} v{Version} does not load on this node: {Errors}", record.WorkflowId, record.Version, e.Message);
            _unreadable[record.ContentHash] = (new StoredVersion(record.ContentHash, record.WorkflowId, record.Version), e.Message);
            return null;
        }
    }

    private WorkflowDefinition Definition(string contentHash)
    {
        if (_byHash.TryGetValue(contentHash, out var definition))
        {
            return definition;
        }

        if (!_unreadable.ContainsKey(contentHash))
        {
            // Stored since this node last looked, most likely by another node: read it now rather than wait.
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var record = db.WorkflowDefinitions.AsNoTracking().SingleOrDefault(d => d.ContentHash == contentHash)
                ?? throw new WorkflowVersionUnavailableException($"Workflow version {contentHash} is not stored.");
            if (Load(record) is { } loaded)
            {
                return loaded;
            }
        }

        var (version, errors) = _unreadable[contentHash];
        var current = Current.Find(version.WorkflowId);
        if (current is not null && version.Version < VersionOf(current))
        {
            // An older version that today's loader rejects cannot run again; findings on it go on under the one in force.
            return current;
        }

        // A newer version than this node can read: whatever needs it waits for a node with newer files.
        throw new WorkflowVersionUnavailableException(
            $"Workflow {version.WorkflowId} v{version.Version} ({contentHash}) was stored by a node with newer files and cannot be run by this one: {errors}");
    }

    private sealed record StoredVersion(string ContentHash, string WorkflowId, int Version);

    private sealed record InForce(WorkflowCatalog Catalog, ImmutableDictionary<string, StoredVersion> Stored);

    private async Task StoreNewVersionsAsync(SafetyFlowDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var stored = await db.WorkflowDefinitions.AsNoTracking()
            .Select(d => new StoredVersion(d.ContentHash, d.WorkflowId, d.Version))
            .ToListAsync(cancellationToken);
        foreach (var definition in files.All.Where(d => stored.TrueForAll(s => s.ContentHash != d.ContentHash)))
        {
            var version = stored.Where(s => s.WorkflowId == definition.Id).Select(s => s.Version).DefaultIfEmpty(0).Max() + 1;
            db.WorkflowDefinitions.Add(new StoredWorkflowDefinition
            {
                ContentHash = definition.ContentHash,
                WorkflowId = definition.Id,
                Version = version,
                Kind = definition.Kind.ToString(),
                FileName = Path.GetFileName(definition.SourceFile),
                Source = definition.Source,
                LoadedAt = clock.GetUtcNow(),
            });
            stored.Add(new StoredVersion(definition.ContentHash, definition.Id, version));
            logger.LogInformation("Workflow {WorkflowId} stored as version {Version}", definition.Id, version);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>A finding or inspection names a workflow version that is not stored, or that this node cannot read.</summary>
public sealed class WorkflowVersionUnavailableException(string message) : Exception(message);

/// <summary>Reads the stored workflow versions every <c>SafetyFlow:Workflows:RefreshInterval</c>, so versions other nodes store come into force here.</summary>
public sealed class WorkflowFollower(WorkflowRegistry registry, IServiceScopeFactory scopes, IOptions<WorkflowOptions> options, ILogger<WorkflowFollower> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await registry.RefreshAsync(scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The stored workflow versions could not be read; trying again in {Interval}", options.Value.RefreshInterval);
            }
        }
    }
}
