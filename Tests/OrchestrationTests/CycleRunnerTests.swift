import Foundation
import History
import HistoryTestSupport
import JSONCore
import Logging
import Orchestration
import PolicyEngine
import PolicyModel
import Scheduling
import TenantIO
import TestSupport
import Testing

@Suite struct CycleRunnerTests {
    static func date(_ text: String) -> Date { ISO8601.parse(text)! }

    /// The demo tenant, loaded once per test process.
    static let demoSnapshot = Result {
        TenantSnapshot(try TenantDirectory(url: TestPaths.fixtures.appendingPathComponent("demo-tenant")).load())
    }

    static func demo() throws -> Tenant { try demoSnapshot.get().tenant() }

    static func schedule(_ name: String) throws -> Schedule {
        try Schedule.load(path: TestPaths.repositoryRoot.appendingPathComponent("Schedules/\(name)").path)
    }

    func runner(_ db: TemporaryHistory, _ schedule: Schedule, log: LogRecorder = LogRecorder()) -> CycleRunner {
        CycleRunner(store: db.store, schedule: schedule, logger: log.logger)
    }

    /// Every executed cycle is logged once when done (debug), with its kind and start; a tenant whose
    /// policies all compile logs no "policy not evaluated" warning.
    @Test(arguments: Backend.all) func everyExecutedCycleIsLogged(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let log = LogRecorder()
        let report = try runner(db, try Self.schedule("azure-observed.yaml"), log: log).run(
            observing: try Self.demo(), now: Self.date("2026-11-04T00:00:00Z"),
            since: Self.date("2026-11-01T00:00:00Z"))
        let done = log.entries("cycle done", level: .debug)
        #expect(!report.executed.isEmpty)
        #expect(done.map { $0.value("kind") } == report.executed.map(\.kind.rawValue))
        #expect(done.map { $0.value("start") } == report.executed.map { ISO8601.format($0.start) })
        #expect(log.entries("policy not evaluated").isEmpty)
    }

    /// A policy the engine cannot compile (here: every aliased field, the tenant having no alias table)
    /// is a warning naming the assignment, the reference and the error, once per tenant version.
    @Test(arguments: Backend.all) func aPolicyThatCannotBeEvaluatedIsAWarning(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let log = LogRecorder()
        var tenant = try Self.demo()
        tenant.aliases = AliasTable()
        let failures = TenantPolicies(tenant: tenant).failures
        #expect(failures.count > 0)
        _ = try runner(db, try Self.schedule("azure-observed.yaml"), log: log).run(
            observing: tenant, now: Self.date("2026-11-03T00:00:00Z"), since: Self.date("2026-11-01T00:00:00Z"))
        let warnings = log.entries("policy not evaluated", level: .warning)
        #expect(warnings.count == failures.count)
        #expect(warnings.map { $0.value("assignment") } == failures.map { "\($0.assignmentId)" })
        #expect(warnings.map { $0.value("reference") } == failures.map { $0.referenceId ?? "-" })
        #expect(warnings.allSatisfy { $0.value("error")?.contains("alias") == true })
    }

    /// A month of the observed schedule over the demo tenant: one policy, one Defender and three
    /// score cycles a day, in visibility order; running again does nothing.
    @Test(arguments: Backend.all) func aMonthOfCyclesRunsOnceAndInOrder(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let runner = runner(db, try Self.schedule("azure-observed.yaml"))
        let report = try runner.run(
            observing: try Self.demo(), now: Self.date("2026-12-01T00:00:00Z"), since: Self.date("2026-11-01T00:00:00Z")
        )
        let kinds = Dictionary(grouping: report.executed, by: \.kind).mapValues(\.count)
        #expect(kinds[.policy] == 30 && kinds[.defender] == 30 && kinds[.score] == 90)
        #expect(report.executed.map(\.visibleAt) == report.executed.map(\.visibleAt).sorted())
        let again = try runner.run(observing: try Self.demo(), now: Self.date("2026-12-01T00:00:00Z"))
        #expect(again.executed.isEmpty && !again.newVersion)
        // Policy at 07:00 Helsinki: 05:00Z in November (EET), visible two hours later.
        let first = try #require(report.executed.first { $0.kind == .policy })
        #expect(ISO8601.format(first.start) == "2026-11-01T05:00:00Z")
        #expect(ISO8601.format(first.visibleAt) == "2026-11-01T07:00:00Z")
    }

    /// Issue 15 item 7: a run before what the history holds is refused, changed tenant or not, and records nothing.
    @Test(arguments: Backend.all) func theClockOnlyGoesForward(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let runner = runner(db, try Self.schedule("azure-observed.yaml"))
        _ = try runner.run(
            observing: try Self.demo(), now: Self.date("2026-11-04T12:00:00Z"), since: Self.date("2026-11-01T00:00:00Z")
        )
        let cycles = try db.store.cycles()
        for tenant in [try Self.demo(), nil] {
            #expect {
                try runner.run(observing: tenant, now: Self.date("2026-11-03T00:00:00Z"))
            } throws: { ($0 as? OrchestrationError)?.code == .clockBackwards }
        }
        #expect { try runner.checkClock(now: Self.date("2026-11-04T11:00:00Z")) } throws: {
            ($0 as? OrchestrationError)?.code == .clockBackwards
        }
        #expect(try db.store.cycles() == cycles)
        #expect(try db.store.tenantVersions().count == 1)
        #expect(try runner.run(observing: try Self.demo(), now: Self.date("2026-11-04T12:00:00Z")).executed.isEmpty)
    }

    @Test(arguments: Backend.all) func aRunStoppedHalfwayThenFinishedEqualsOneRun(_ backend: Backend) throws {
        let schedule = try Self.schedule("azure-observed.yaml")
        let whole = try TemporaryHistory(backend)
        _ = try runner(whole, schedule).run(
            observing: try Self.demo(), now: Self.date("2026-11-11T00:00:00Z"), since: Self.date("2026-11-01T00:00:00Z")
        )
        let halves = try TemporaryHistory(backend)
        let r = runner(halves, schedule)
        _ = try r.run(
            observing: try Self.demo(), now: Self.date("2026-11-11T00:00:00Z"), since: Self.date("2026-11-01T00:00:00Z")
        )
        .executed
        // Replay: the same run again over the same database changes nothing.
        let due = try r.dueCycles(now: Self.date("2026-11-11T00:00:00Z"))
        #expect(due.isEmpty)
        #expect(try whole.store.dump() == halves.store.dump())
    }

    /// The version just recorded is evaluated from the tenant in memory; a later run rebuilds it from
    /// the database. Both must write the same history.
    @Test(arguments: Backend.all) func theTenantInMemoryAndTheTenantRebuiltFromHistoryGiveTheSameHistory(
        _ backend: Backend
    ) throws {
        let schedule = try Self.schedule("azure-observed.yaml")
        let now = Self.date("2026-11-04T00:00:00Z")
        let since = Self.date("2026-11-01T00:00:00Z")
        let inMemory = try TemporaryHistory(backend)
        _ = try runner(inMemory, schedule).run(observing: try Self.demo(), now: now, since: since)
        let rebuilt = try TemporaryHistory(backend)
        try rebuilt.store.recordTenant(try Self.demoSnapshot.get(), observedAt: now)
        _ = try runner(rebuilt, schedule).run(observing: nil, now: now, since: since)
        #expect(try inMemory.store.dump() == rebuilt.store.dump())
    }

    /// The documented schedule re-evaluates a changed resource 15 minutes after the change, alone.
    @Test(arguments: Backend.all) func aChangeIsReevaluatedAloneAfterTheOnChangeDelay(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let runner = runner(db, try Self.schedule("azure-documented.yaml"))
        var tenant = try Self.demoSnapshot.get()
        _ = try runner.run(
            observing: try tenant.tenant(), now: Self.date("2026-11-02T12:00:00Z"),
            since: Self.date("2026-11-02T00:00:00Z"))
        let key = try #require(
            tenant.objects.keys.first { $0.kind == .resource && $0.id.hasSuffix("/sites/app-payments-portal-prod") })
        var site = try #require(tenant.objects[key]?.objectValue)
        var properties = try #require(site["properties"]?.objectValue)
        properties["httpsOnly"] = .bool(!(properties["httpsOnly"]?.boolValue ?? false))
        site["properties"] = .object(properties)
        tenant.objects[key] = .object(site)
        _ = try runner.run(observing: try tenant.tenant(), now: Self.date("2026-11-02T13:00:00Z"))
        let report = try runner.run(observing: try tenant.tenant(), now: Self.date("2026-11-02T13:20:00Z"))
        let change = try #require(report.executed.first { $0.kind == .change })
        #expect(ISO8601.format(change.start) == "2026-11-02T13:00:00Z")
        #expect(ISO8601.format(change.visibleAt) == "2026-11-02T13:15:00Z")
        #expect(change.changedCount > 0)
        let states = try db.store.policyResults(visibleAt: Self.date("2026-11-02T13:15:00Z")).states
        #expect(states.filter { $0.timestamp == change.start }.allSatisfy { $0.resourceId.key == key.id })
    }

    @Test(arguments: Backend.all) func aRequestedScanRunsWhenItsResultsAreVisible(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let runner = runner(db, try Self.schedule("azure-observed.yaml"))
        _ = try runner.run(
            observing: try Self.demo(), now: Self.date("2026-11-02T12:00:00Z"), since: Self.date("2026-11-02T00:00:00Z")
        )
        try db.store.requestScan(at: Self.date("2026-11-02T12:00:00Z"))
        #expect(
            try runner.dueCycles(now: Self.date("2026-11-02T13:00:00Z")).isEmpty,
            "visible only after the policy duration")
        let report = try runner.run(observing: nil, now: Self.date("2026-11-02T14:00:00Z"))
        #expect(report.executed.map(\.kind) == [.scan])
    }
}
