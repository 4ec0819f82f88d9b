import Defender
import Foundation
import History
import PolicyModel

extension Drift {
    /// A regulatory control of one subscription whose state differs between the model and Azure.
    package struct ControlDisagreement: Sendable, Equatable {
        package var subscriptionId: String
        package var standard: String
        package var control: String
        package var model: RegulatoryState?
        package var observed: RegulatoryState?
        /// `lag`, `modelOnly`, `observedOnly` or `stateDiffers` (a control is never `notModeled`).
        package var reason: Reason
    }

    /// How the regulatory controls compare: (subscription, standard, control) on both sides, agreeing
    /// or not, and on one side only.
    package struct ControlCounts: Sendable, Equatable {
        package var compared = 0
        package var agree = 0
        package var disagree = 0
        package var modelOnly = 0
        package var observedOnly = 0

        package init() {}
    }

    /// A control's identity, ignoring case: subscription, standard, control.
    typealias ControlKey = [String]

    /// Compares the control states of each (subscription, standard, control) present on either side
    /// at `at`: the model's from its policy states visible then (`RegulatoryCompliance.bySubscription`
    /// over the tenant version of the instant), Azure's from the newest observed compliance cycle.
    /// Nothing is compared while no observed compliance is visible (the history holds none to compare
    /// with). A disagreement is `lag` when the model's newest policy cycle is more recent than Azure's
    /// compliance and Azure shows what the model showed when Azure's compliance became visible, or the
    /// mirror when Azure's compliance is the more recent; else
    /// `modelOnly`/`observedOnly`; else `stateDiffers`.
    static func compareControls(model: any HistoryReading, observed: any HistoryReading, at: Date) throws -> (
        ControlCounts, [ControlDisagreement]
    ) {
        guard let shown = try observed.observedCompliance(visibleAt: at) else { return (ControlCounts(), []) }
        let observedSide = observedControls(shown.items)
        let modelSide = try modelControls(model, at: at)
        let modelCycle = try model.latestPolicyCycle(visibleAt: at)
        // When the model's newest policy cycle is more recent than Azure's compliance, what the model
        // showed when Azure's became visible (none before the model's first cycle): Azure lagging still
        // shows it. And the mirror, when Azure's compliance is the more recent.
        // (Or, had that side shown none yet, what it first showed after.)
        var previous: [ControlKey: (names: [String], state: RegulatoryState)]?
        if let modelCycle, modelCycle.visibleAt > shown.cycle.visibleAt,
            let reference = try referenceInstant(model, kinds: [.policy, .scan, .change], since: shown.cycle.visibleAt)
        {
            previous = try modelControls(model, at: reference)
        }
        var observedPrevious: [ControlKey: (names: [String], state: RegulatoryState)]?
        if let modelCycle, shown.cycle.visibleAt > modelCycle.visibleAt,
            let reference = try referenceInstant(observed, kinds: [.compliance], since: modelCycle.visibleAt),
            let earlier = try observed.observedCompliance(visibleAt: reference)
        {
            observedPrevious = observedControls(earlier.items)
        }
        var counts = ControlCounts()
        var disagreements: [ControlDisagreement] = []
        for key in Set(modelSide.keys).union(observedSide.keys).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let m = modelSide[key]
            let o = observedSide[key]
            guard let names = (o ?? m)?.names else { continue }
            switch (m, o) {
            case (let m?, let o?):
                counts.compared += 1
                if m.state == o.state {
                    counts.agree += 1
                    continue
                }
                counts.disagree += 1
            case (_?, nil): counts.modelOnly += 1
            default: counts.observedOnly += 1
            }
            let reason = Reason.of(
                model: m?.state, observed: o?.state, modelShowed: previous.map { $0[key]?.state },
                observedShowed: observedPrevious.map { $0[key]?.state })
            disagreements.append(
                ControlDisagreement(
                    subscriptionId: names[0], standard: names[1], control: names[2], model: m?.state,
                    observed: o?.state, reason: reason))
        }
        return (counts, disagreements)
    }

    /// The controls of Azure's lists by key, with their names as Azure wrote them.
    private static func observedControls(
        _ items: [ObservedComplianceItem]
    ) -> [ControlKey: (names: [String], state: RegulatoryState)] {
        var controls: [ControlKey: (names: [String], state: RegulatoryState)] = [:]
        for item in items where item.level == .control {
            controls[Array(item.key.prefix(3))] = ([item.subscriptionId, item.standard, item.control], item.state)
        }
        return controls
    }

    /// The model's controls at `at`: empty without a tenant version or a policy cycle visible then.
    private static func modelControls(
        _ model: any HistoryReading, at: Date
    ) throws -> [ControlKey: (names: [String], state: RegulatoryState)] {
        guard try model.latestPolicyCycle(visibleAt: at) != nil, let version = try model.tenantVersion(at: at) else {
            return [:]
        }
        let tenant = try model.snapshot(
            version: version.version, kinds: [.container, .definition, .assignment, .recommendation, .control]
        ).tenant()
        let states = try model.policyResults(visibleAt: at).states
        let catalog = RecommendationCatalog(tenant: tenant)
        var controls: [ControlKey: (names: [String], state: RegulatoryState)] = [:]
        for subscription in RegulatoryCompliance.bySubscription(tenant: tenant, states: states, catalog: catalog) {
            for standard in subscription.standards {
                for control in standard.controls {
                    let names = [subscription.subscriptionId, standard.name, control.name]
                    controls[names.map { $0.lowercased() }] = (names, control.state)
                }
            }
        }
        return controls
    }
}
