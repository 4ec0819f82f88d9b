import Foundation
import History
import JSONCore
import Logging
import Orchestration
import PolicyModel

/// Plays a scenario through the real runner — the same scheduler, engine, reconciliation and
/// history as `posture run`, no second code path — so the resulting database answers every query.
///
/// The tenant is recorded at the scenario's start. At each instant with events, the cycles whose
/// results are visible strictly before it run first; then the events apply, the tenant is recorded
/// as observed at that instant (a scan is asked for), and the cycles visible by that instant run.
/// An event exactly at a cycle's start is therefore seen by that cycle, whatever its duration (a
/// policy cycle evaluates the tenant as observed at its start). Last, every cycle visible by the
/// scenario's end runs.
package struct Simulator {
    package let runner: CycleRunner

    package init(runner: CycleRunner) {
        self.runner = runner
    }

    /// What a simulation did.
    package struct Report: Sendable {
        package var versions: Int
        package var cycles: [Cycle]
    }

    package func play(_ scenario: Scenario, tenant: Tenant) throws -> Report {
        var snapshot = TenantSnapshot(tenant)
        // The snapshot read every stored row again: the versions the scenario derives start from it.
        try tenant.checkRowsUnchanged()
        var cycles = try runner.run(observing: tenant, now: scenario.start, since: scenario.start).executed
        var versions = 1
        var index = 0
        let events = scenario.events
        while index < events.count {
            let at = events[index].at
            // What is due just before the events (unless they fall at the instant already played).
            let before = at.addingTimeInterval(-0.001)
            if before >= (try runner.store.latestInstant() ?? before) {
                cycles += try runner.run(observing: nil, now: before).executed
            }
            var changed = false
            while index < events.count, events[index].at == at {
                switch events[index].change {
                case .put(let object): snapshot.put(object); changed = true
                case .delete(let id): changed = snapshot.delete(id) || changed
                case .finding(let finding): snapshot.setFinding(finding); changed = true
                case .scan: try runner.store.requestScan(at: at)
                }
                index += 1
            }
            let observed = changed ? try snapshot.tenant(file: "scenario events at \(ISO8601.format(at))") : nil
            let report = try runner.run(observing: observed, now: at)
            if report.newVersion { versions += 1 }
            cycles += report.executed
        }
        cycles += try runner.run(observing: nil, now: scenario.end).executed
        return Report(versions: versions, cycles: cycles)
    }
}
