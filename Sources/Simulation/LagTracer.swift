import Defender
import Foundation
import History
import PolicyModel

/// Follows each event of a played scenario through the recorded cycles (Docs/Lag.md).
///
/// The first stage an event reaches (policy states; for a finding, Defender's native assessment)
/// shows it at the first cycle starting at or after the event whose results for the event's
/// subject differ from those visible just before that cycle's. Each later stage shows it at the
/// first cycle starting at or after the stage before it showed it, if that cycle changed the
/// subject's results.
final class LagTracer {
    let scenario: Scenario
    let tenant: Tenant
    let store: any HistoryReading
    private let policy: StageHistory<[PolicyEntry]>
    private let defender: StageHistory<[Assessment]>
    private let score: StageHistory<[String: SubscriptionScore]>
    private var catalogs: [Int: (catalog: RecommendationCatalog, mitigated: MitigatedExemptions)] = [:]

    /// The rows of the policy results that changed: their resources and policy definitions.
    struct PolicyChange {
        var resources: Set<ResourceID> = []
        var definitions: Set<ResourceID> = []
    }

    init(scenario: Scenario, tenant: Tenant, store: any HistoryReading) throws {
        self.scenario = scenario
        self.tenant = tenant
        self.store = store
        let cycles = try store.cycles()
        policy = StageHistory(cycles: cycles.filter { [.policy, .scan, .change].contains($0.kind) }) {
            PolicyEntry.entries(try store.policyResults(visibleAt: $0))
        }
        defender = StageHistory(cycles: cycles.filter { $0.kind == .defender }) { try store.assessments(visibleAt: $0) }
        score = StageHistory(cycles: cycles.filter { $0.kind == .score }) {
            Dictionary((try store.scores(visibleAt: $0)?.scores ?? []).map { ($0.subscriptionId.lowercased(), $0) }) {
                a, _ in a
            }
        }
    }

    /// Every event's lags, in file order.
    func trace() throws -> [EventLag] {
        let events = scenario.events
        let subjects = events.map { LagSubject($0, tenant: tenant) }
        var lags: [EventLag] = []
        for (i, event) in events.enumerated() {
            let subject = subjects[i]
            // A later event on the same object bounds the cycles that can show this one.
            let next = subject.identity.flatMap { id in (i + 1..<events.count).first { subjects[$0].identity == id } }
            lags.append(try trace(event, subject, supersededBy: next.map { events[$0] }))
        }
        return lags.sorted { $0.index < $1.index }
    }

    private func trace(_ event: ScenarioEvent, _ subject: LagSubject, supersededBy next: ScenarioEvent?) throws
        -> EventLag
    {
        var lag = EventLag(
            index: event.index, at: event.at, kind: subject.kind, subject: subject.description,
            policy: .never(""), defender: .never(""), score: .never(""))
        let superseded = next.map { "event \($0.index) changed the same object before a cycle could show this one" }
        switch subject.target {
        case .policy(let accepts):
            let found: (Cycle, PolicyChange)?
            let scan = subject.kind == "scan"
            (lag.policy, found) = try stage(
                // A scan shows what its own cycle shows; a change, the first cycle that shows it.
                try policy.firstChange(from: event.at, until: next?.at, firstOnly: scan, kinds: scan ? [.scan] : nil) {
                    Self.policyChange($0, $1, accepts)
                },
                noCycle: scan
                    ? "the scenario ends before the scan's results are visible"
                    : "the scenario ends before a policy cycle evaluates it",
                superseded: superseded,
                unchanged: try unchangedPolicyReason(event, accepts, scan: scan))
            guard let (cycle, change) = found else { return lag.following(lag.policy) }
            try followDefender(&lag, from: cycle.visibleAt) { change.resources.contains($0.resourceId) }
        case .finding(let key, let resource):
            let found: (Cycle, Set<ResourceID>)?
            (lag.defender, found) = stage(
                try defender.firstChange(from: event.at, until: next?.at) {
                    Self.assessmentChange($0, $1) { $0.key.lowercased() == key && $0.resourceId == resource }
                },
                noCycle: "the scenario ends before a Defender cycle reads it", superseded: superseded,
                unchanged: "Defender's assessment kept its status (the finding repeats what was published)")
            if let (cycle, resources) = found {
                lag.score = try scoreStage(after: cycle, resources: resources)
            } else {
                lag.score = lag.defender
            }
            try traceLoop(&lag, event, resource: resource, supersededBy: next, superseded: superseded)
        case .metadata(let key):
            lag.policy = .never(
                "not applicable: Defender's metadata is read by Defender and the score, not by Azure Policy")
            if let key {
                (lag.defender, _) = stage(
                    try defender.firstChange(from: event.at, until: next?.at) {
                        Self.assessmentChange($0, $1) { $0.key.lowercased() == key }
                    },
                    noCycle: "the scenario ends before a Defender cycle reads it", superseded: superseded,
                    unchanged: "no assessment of the recommendation changed")
            } else {
                lag.defender = .never("not applicable: a secure score control is read by the score computation only")
            }
            // Metadata decides what counts and how much: the score may move without any assessment moving.
            (lag.score, _) = stage(
                try score.firstChange(from: event.at, until: next?.at) { before, after in
                    Self.scoreChange(
                        before, after, subscriptions: Set(after.keys).union(before.map { Set($0.keys) } ?? []))
                },
                noCycle: "the scenario ends before a score computation reads it", superseded: superseded,
                unchanged: "the secure score did not change")
        }
        return lag
    }

    /// Defender, then the score, after policy states that changed at `from` for the resources `accepts` takes.
    private func followDefender(_ lag: inout EventLag, from: Date, _ accepts: @escaping (Assessment) -> Bool) throws {
        let found: (Cycle, Set<ResourceID>)?
        (lag.defender, found) = stage(
            try defender.firstChange(from: from, firstOnly: true) { Self.assessmentChange($0, $1, accepts) },
            noCycle: "the scenario ends before a Defender cycle reads the new policy states", superseded: nil,
            unchanged:
                "no assessment changed (no recommendation reads the changed policy states, or its status stayed the same)"
        )
        guard let (cycle, resources) = found else {
            lag.score = lag.defender
            return
        }
        lag.score = try scoreStage(after: cycle, resources: resources)
    }

    /// The two-way loop of a finding: the policies over `Microsoft.Security/assessments` that read the
    /// published result, then the custom-policy recommendations those policies feed.
    private func traceLoop(
        _ lag: inout EventLag, _ event: ScenarioEvent, resource: ResourceID, supersededBy next: ScenarioEvent?,
        superseded: String?
    ) throws {
        let accepts: (PolicyEntry) -> Bool = { $0.resourceId == resource }
        let found: (Cycle, PolicyChange)?
        (lag.policy, found) = try stage(
            try policy.firstChange(from: event.at, until: next?.at) { Self.policyChange($0, $1, accepts) },
            noCycle: "the scenario ends before a policy cycle reads the published assessment", superseded: superseded,
            unchanged: try unchangedPolicyReason(event, accepts, finding: true))
        guard let (cycle, change) = found else {
            lag.custom = lag.policy
            return
        }
        let catalog = try catalog(version: cycle.tenantVersion).catalog
        let keys = Set(
            change.definitions.flatMap { catalog.keys(forPolicy: $0) }.filter {
                catalog[$0]?.assessmentType == .customPolicy
            })
        guard !keys.isEmpty else {
            lag.custom = .never("no custom-policy recommendation is fed by the policies that read it")
            return
        }
        (lag.custom, _) = stage(
            try defender.firstChange(from: cycle.visibleAt, firstOnly: true) {
                Self.assessmentChange($0, $1) { $0.resourceId == resource && keys.contains($0.key) }
            },
            noCycle: "the scenario ends before a Defender cycle reads the policy's new state", superseded: nil,
            unchanged: "the custom recommendation kept its status")
    }

    /// The score after Defender `cycle` changed the assessments of `resources`: the first score
    /// computation starting at or after the cycle's results are visible, if one of those resources
    /// changed health in a scored control (DOMAIN.md: healthy for a control only if all its
    /// recommendations in that control are healthy; Mitigated exemptions as the tenant's settings.json says).
    private func scoreStage(after cycle: Cycle, resources: Set<ResourceID>) throws -> EventLag.Stage {
        let (catalog, mitigated) = try catalog(version: cycle.tenantVersion)
        let before = Self.controlHealth(
            try defender.results(before: cycle) ?? [], of: resources, catalog: catalog, mitigated: mitigated)
        let after = Self.controlHealth(
            try defender.results(visibleAt: cycle.visibleAt), of: resources, catalog: catalog, mitigated: mitigated)
        guard before != after else {
            return .never(
                "the secure score did not change: no resource changed health in a scored control (custom, preview and unscored recommendations do not count)"
            )
        }
        guard let computation = score.cycles.first(where: { $0.start >= cycle.visibleAt }) else {
            return .never("the scenario ends before a score computation reads the new assessments")
        }
        return .visible(computation.visibleAt)
    }

    /// Per (resource, scored control): unhealthy if any of its assessments in the control is, else
    /// healthy if any is, as the score counts them; resources with neither are left out.
    static func controlHealth(
        _ assessments: [Assessment], of resources: Set<ResourceID>, catalog: RecommendationCatalog,
        mitigated: MitigatedExemptions
    ) -> [String: Assessment.Status] {
        var health: [String: Assessment.Status] = [:]
        for a in assessments where resources.contains(a.resourceId) {
            guard let control = catalog.scoredControl(of: a.key) else { continue }
            let status = a.scoredStatus(mitigated: mitigated)
            guard status != .notApplicable else { continue }
            let key = a.resourceId.key + "|" + control
            if health[key] != .unhealthy { health[key] = status }
        }
        return health
    }

    /// Why no policy row of the subject changed: nothing evaluates it, it is disabled or exempt, or
    /// its results stayed the same. Judged on the rows visible at the event and at the scenario's end.
    private func unchangedPolicyReason(
        _ event: ScenarioEvent, _ accepts: (PolicyEntry) -> Bool, scan: Bool = false, finding: Bool = false
    ) throws -> String {
        if scan { return "no policy state changed: the tenant had no change pending for the scan to show" }
        let rows =
            try policy.results(visibleAt: event.at).filter(accepts)
            + policy.results(visibleAt: scenario.end).filter(accepts)
        if rows.isEmpty { return "not applicable: no assigned policy evaluates it" }
        if rows.allSatisfy(\.isDisabled) { return "disabled: its assignments set the policies that apply to Disabled" }
        if rows.allSatisfy(\.isExempt) { return "exempt: its policy states stay Exempt" }
        if finding {
            return
                "no policy state of the resource changed (no assigned policy reads this assessment, or its result stayed the same)"
        }
        return "no policy state changed"
    }

    /// The catalog and the Mitigated exemptions setting of a recorded tenant version (nil: the scenario's tenant).
    private func catalog(version: Int?) throws -> (catalog: RecommendationCatalog, mitigated: MitigatedExemptions) {
        guard let version else { return (RecommendationCatalog(tenant: tenant), tenant.settings.mitigatedExemptions) }
        if let known = catalogs[version] { return known }
        let recorded = try store.snapshot(version: version).tenant()
        let result = (RecommendationCatalog(tenant: recorded), recorded.settings.mitigatedExemptions)
        catalogs[version] = result
        return result
    }

    /// A search's outcome as a stage, with the cycle and change when it found one.
    private func stage<Results, Change>(
        _ search: StageHistory<Results>.Search<Change>, noCycle: String, superseded: String?,
        unchanged: @autoclosure () throws -> String
    ) rethrows -> (EventLag.Stage, (Cycle, Change)?) {
        switch search {
        case .found(let cycle, let change): return (.visible(cycle.visibleAt), (cycle, change))
        case .noCycle: return (.never(noCycle), nil)
        case .superseded: return (.never(superseded ?? noCycle), nil)
        case .unchanged: return (.never(try unchanged()), nil)
        }
    }

    // MARK: - Differences

    /// The policy rows `accepts` takes that differ between `before` and `after`; nil when none does.
    static func policyChange(_ before: [PolicyEntry]?, _ after: [PolicyEntry], _ accepts: (PolicyEntry) -> Bool)
        -> PolicyChange?
    {
        func rows(_ entries: [PolicyEntry]) -> [String: PolicyEntry] {
            Dictionary(entries.lazy.filter(accepts).map { ($0.identity, $0) }) { a, _ in a }
        }
        let (old, new) = (rows(before ?? []), rows(after))
        var change = PolicyChange()
        for (identity, entry) in new where old[identity]?.value != entry.value {
            change.resources.insert(entry.resourceId)
            change.definitions.insert(entry.definitionId)
        }
        for (identity, entry) in old where new[identity] == nil {
            change.resources.insert(entry.resourceId)
            change.definitions.insert(entry.definitionId)
        }
        return change.resources.isEmpty ? nil : change
    }

    /// The resources of the assessments `accepts` takes whose status or cause differs between
    /// `before` and `after`; nil when none does.
    static func assessmentChange(_ before: [Assessment]?, _ after: [Assessment], _ accepts: (Assessment) -> Bool)
        -> Set<ResourceID>?
    {
        func rows(_ assessments: [Assessment]) -> [Assessment.PairKey: Assessment] {
            Dictionary(assessments.lazy.filter(accepts).map { ($0.pairKey, $0) }) { a, _ in a }
        }
        let (old, new) = (rows(before ?? []), rows(after))
        var resources = Set<ResourceID>()
        for (key, a) in new where old[key].map({ ($0.status, $0.cause) != (a.status, a.cause) }) ?? true {
            resources.insert(a.resourceId)
        }
        for (key, a) in old where new[key] == nil { resources.insert(a.resourceId) }
        return resources.isEmpty ? nil : resources
    }

    /// Whether any of `subscriptions` scores differently (control by control) in `after`; nil when none does.
    static func scoreChange(
        _ before: [String: SubscriptionScore]?, _ after: [String: SubscriptionScore], subscriptions: Set<String>
    ) -> Bool? {
        subscriptions.contains { before?[$0] != after[$0] } ? true : nil
    }
}

extension EventLag {
    /// This lag with every later stage never showing the event, for the same reason as `stage`.
    fileprivate func following(_ stage: Stage) -> EventLag {
        var lag = self
        lag.defender = stage
        lag.score = stage
        return lag
    }
}
