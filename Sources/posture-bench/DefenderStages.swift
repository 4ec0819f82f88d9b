import Defender
import Foundation
import PolicyModel
import TenantGenerator

/// One Defender cycle: `Reconciler.assessments` over the policy cycle's states and the tenant's findings.
struct DefenderCycleStage: BenchStage {
    let name = "Defender cycle"
    let floors: [Floor] = []

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let tenant = state.tenant, let results = state.results else { return .failed("needs the policy cycle") }
        let catalog = RecommendationCatalog(tenant: tenant)
        var assessments: [Assessment] = []
        let m = Meter.measure(unit: "states") {
            assessments = Reconciler(catalog: catalog).assessments(
                DefenderInput(
                    states: results.states, disabled: results.disabled, findings: tenant.findings,
                    at: GeneratorOptions.defaultBaseInstant))
            return results.states.count
        }
        state.assessments = assessments
        state.catalog = catalog
        state.seconds[name] = m.seconds
        progress(
            "Defender cycle: \(assessments.count) assessments from \(results.states.count) states, \(catalog.recommendations.count) recommendations"
        )
        return .measured(m)
    }
}

/// The secure score of every subscription, the tenant aggregate and the potential increases.
struct ScoreStage: BenchStage {
    let name = "scores"
    let floors: [Floor] = []

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let tenant = state.tenant, let assessments = state.assessments, let catalog = state.catalog else {
            return .failed("needs the Defender cycle")
        }
        var ratio = 0.0
        let m = Meter.measure(unit: "assessments") {
            let calculator = ScoreCalculator(catalog: catalog)
            let scores = calculator.scores(assessments, subscriptions: tenant.subscriptions.map(\.subscriptionId))
            ratio = AggregateScore(subscriptions: scores).ratio
            _ = calculator.potentialIncreases(assessments)
            return assessments.count
        }
        state.seconds[name] = m.seconds
        progress("scores: tenant secure score \((ratio * 10_000).rounded() / 100)%")
        return .measured(m)
    }
}
