import Foundation
import JSONCore
import PolicyEngine
import PolicyModel
import TenantGenerator

/// One policy evaluation cycle: every compiled policy of every assignment against every
/// resource, resource group and subscription the assignment covers, related resources
/// found in memory. Driven here through the engine's per-pair API until the engine has a
/// tenant-level cycle; exemptions are not applied yet.
struct PolicyCycleStage: BenchStage {
    let name = "policy cycle"
    let floors: [Floor] = []

    /// Counts shared by the worker threads.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        var pairs = 0
        var states: [ComplianceState: Int] = [:]
        /// Error results by reference id: how many, and the first reason.
        var errors: [String: (Int, String)] = [:]

        func add(pairs: Int, states: [ComplianceState: Int], errors: [String: (Int, String)]) {
            lock.lock()
            defer { lock.unlock() }
            self.pairs += pairs
            self.states.merge(states, uniquingKeysWith: +)
            self.errors.merge(errors) { a, b in (a.0 + b.0, a.1) }
        }
    }

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let tenant = state.tenant, let compiled = state.compiled else { return .failed("needs load and compile") }
        let subjects = tenant.resources + tenant.resourceGroups + tenant.subscriptions.map {
            Resource(id: $0.id, type: "microsoft.resources/subscriptions", json: $0.json)
        }
        let related = InMemoryRelatedResources(tenant.resources)
        let environment = EvaluationEnvironment(
            now: GeneratorOptions.defaultBaseInstant, tenantId: tenant.subscriptions.first?.json["tenantId"]?.stringValue,
            subscriptionNames: Dictionary(tenant.subscriptions.map { ($0.subscriptionId, $0.displayName) }) { a, _ in a },
            resourceGroups: Dictionary(tenant.resourceGroups.map { ($0.id.key, $0.json) }) { a, _ in a })
        let tally = Tally()
        let workers = max(1, state.threads)
        let m = Meter.measure(unit: "pairs") {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var pairs = 0
                var states: [ComplianceState: Int] = [:]
                var errors: [String: (Int, String)] = [:]
                for (assignment, members) in compiled.assignments {
                    // The members whose rule can apply to a type: the others are not applicable without evaluation.
                    var byType: [String: [Int]] = [:]
                    for i in stride(from: worker, to: subjects.count, by: workers) {
                        let subject = subjects[i]
                        guard assignment.covers(subject, isUnder: tenant.isUnder) else { continue }
                        pairs += members.count
                        let candidates = byType[subject.typeKey] ?? {
                            let list = members.indices.filter { members[$0].policy.mayApply(toType: subject.typeKey) }
                            byType[subject.typeKey] = list
                            return list
                        }()
                        for m in candidates {
                            let result = members[m].policy.evaluate(subject, related: related, environment: environment)
                            guard let s = result.complianceState else { continue }
                            states[s, default: 0] += 1
                            if s == .error {
                                let key = members[m].referenceId ?? "?"
                                errors[key] = ((errors[key]?.0 ?? 0) + 1, errors[key]?.1 ?? result.reasons.first ?? "")
                            }
                        }
                    }
                }
                tally.add(pairs: pairs, states: states, errors: errors)
            }
            return tally.pairs
        }
        state.stateCount = tally.states.values.reduce(0, +)
        state.seconds[name] = m.seconds
        let summary = ComplianceState.allCases.compactMap { s in tally.states[s].map { "\($0) \(s.rawValue)" } }
        FileHandle.standardError.write(Data("policy cycle: \(tally.pairs) pairs, \(state.stateCount ?? 0) states (\(summary.joined(separator: ", ")))\n".utf8))
        for (reference, (count, reason)) in tally.errors.sorted(by: { $0.value.0 > $1.value.0 }).prefix(8) {
            FileHandle.standardError.write(Data("  \(count) Error states from \(reference): \(reason.prefix(160))\n".utf8))
        }
        if !compiled.failures.isEmpty {
            FileHandle.standardError.write(Data("compile: \(compiled.failures.count) not compiled, e.g. \(compiled.failures[0].prefix(160))\n".utf8))
        }
        return .measured(m)
    }
}
