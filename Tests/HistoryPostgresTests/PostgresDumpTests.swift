import Defender
import Foundation
import History
import HistoryTestSupport
import JSONCore
import Logging
import Orchestration
import PolicyModel
import Scheduling
import Simulation
import TenantIO
import TestSupport
import Testing

@testable import HistoryPostgres

/// The same history recorded into SQLite and into PostgreSQL: the demo month (November 2026 over
/// the demo tenant, `Fixtures/scenarios/demo.json`) played through the real runner into both.
@Suite(.enabled(if: PostgresCluster.available, "PostgreSQL (initdb, pg_ctl) is not installed"))
struct PostgresDumpTests {
    /// Plays the demo scenario into `store`.
    static func playDemo(into store: any HistoryWriting) throws {
        let file = TestPaths.fixtures.appendingPathComponent("scenarios/demo.json")
        let scenario = try Scenario.decode(
            try JSONParser.parse(try Data(contentsOf: file)), file: file.path,
            directory: file.deletingLastPathComponent().path)
        let tenant = try TenantDirectory(url: URL(fileURLWithPath: scenario.tenantPath)).load()
        let runner = CycleRunner(
            store: store, schedule: try Schedule.load(path: scenario.schedulePath),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        _ = try Simulator(runner: runner).play(scenario, tenant: tenant)
    }

    @Test func theDemoMonthRecordedIntoPostgreSQLDumpsExactlyAsSQLite() throws {
        let database = try PostgresDatabase()
        let postgres = try PostgresHistoryStore(PostgresLocation(database.url))
        let history = try TemporaryHistory(.sqlite)
        let sqlite = history.store
        try Self.playDemo(into: sqlite)
        try Self.playDemo(into: postgres)
        let expected = try sqlite.dump()
        let dumped = try postgres.dump()
        #expect(expected.contains("# object_chunks\n1|blob:"))
        #expect(expected.split(separator: "\n").count > 1_000)
        if dumped != expected {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = dumped.split(separator: "\n", omittingEmptySubsequences: false)
            let first = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
            let sqliteLine = first < a.count ? String(a[first]) : "(end)"
            let postgresLine = first < b.count ? String(b[first]) : "(end)"
            Issue.record("first difference at line \(first + 1): SQLite \(sqliteLine) | PostgreSQL \(postgresLine)")
        }
        // A second store on the same database reads what the first wrote.
        let reader = try PostgresHistoryStore(readingFrom: PostgresLocation(database.url))
        #expect(try reader.dump() == expected)
        #expect(try reader.cycles() == sqlite.cycles())
        let last = try #require(try sqlite.lastCycle())
        #expect(try reader.policyResults(visibleAt: last.visibleAt) == sqlite.policyResults(visibleAt: last.visibleAt))
        #expect(try reader.assessments(visibleAt: last.visibleAt) == sqlite.assessments(visibleAt: last.visibleAt))
        #expect(
            try reader.scores(visibleAt: last.visibleAt)?.scores == sqlite.scores(visibleAt: last.visibleAt)?.scores)
        let defender = try sqlite.cycles(of: .defender, last: 30).map(\.seq)
        let (from, to) = (try #require(defender.last), try #require(defender.first))
        #expect(
            try reader.assessmentMoves(fromCycle: from, toCycle: to).resources.map(\.id)
                == sqlite.assessmentMoves(fromCycle: from, toCycle: to).resources.map(\.id))
        let version = try #require(try sqlite.tenantVersions().last).version
        #expect(try reader.snapshot(version: version) == sqlite.snapshot(version: version))
        #expect(
            try reader.snapshot(version: version, from: sqlite.snapshot(version: 1), of: 1)
                == sqlite.snapshot(version: version))
    }

    @Test func observedCyclesRoundTripUnderTheModelledNamesAsOnSQLite() throws {
        let history = try TemporaryHistory(.sqlite)
        let demo = history.store
        try Self.playDemo(into: demo)
        let last = try #require(try demo.lastCycle()).visibleAt
        let states = try demo.policyResults(visibleAt: last)
        let assessments = try demo.assessments(visibleAt: last)
        let scores = try #require(try demo.scores(visibleAt: last)).scores
        #expect(!states.states.isEmpty && !assessments.isEmpty && !scores.isEmpty)

        let database = try PostgresDatabase()
        let location = try PostgresLocation(database.url)
        let other = try TemporaryHistory(.sqlite)
        let stores: [any HistoryWriting] = [
            try PostgresHistoryStore(location, stream: .observed), try other.open(stream: .observed),
        ]
        for store in stores {
            try store.recordPolicyCycle(
                NewCycle(kind: .policy, start: last, visibleAt: last, tenantVersion: nil, source: "ingest"),
                results: states)
            try store.recordDefenderCycle(
                NewCycle(kind: .defender, start: last, visibleAt: last, tenantVersion: nil, source: "ingest"),
                assessments: assessments)
            try store.recordScoreCycle(
                NewCycle(kind: .score, start: last, visibleAt: last, tenantVersion: nil, source: "ingest"),
                scores: scores)
        }
        #expect(try stores[0].dump() == stores[1].dump())

        // The modelled stream holds nothing; its dump shows the observed tables after its own.
        let model = try PostgresHistoryStore(readingFrom: location)
        #expect(try model.cycles().isEmpty)
        #expect(try model.holdsObservedCycles())
        let modelDump = try model.dump()
        #expect(modelDump == (try other.reader().dump()))
        #expect(modelDump.contains("# observed_cycles\n1|\"policy\"|"))

        // The observed stream reads what was written, as SQLite's does.
        let observed = try PostgresHistoryStore(readingFrom: location, stream: .observed)
        let sqlite = try other.reader(stream: .observed)
        #expect(try observed.cycles().map(\.kind) == [.policy, .defender, .score])
        let observedStates = try observed.policyResults(visibleAt: last)
        #expect(observedStates == (try sqlite.policyResults(visibleAt: last)))
        #expect(observedStates.states.count == states.states.count)
        #expect(try observed.assessments(visibleAt: last) == sqlite.assessments(visibleAt: last))
        #expect(try observed.scores(visibleAt: last)?.scores == sqlite.scores(visibleAt: last)?.scores)
    }

    /// Observed cycles that show some subscriptions only, and Azure's regulatory compliance lists,
    /// are recorded alike on both backends: the same dump, the same lists read back.
    @Test func subscriptionScopedCyclesAndComplianceAsOnSQLite() throws {
        let database = try PostgresDatabase()
        let history = try TemporaryHistory(.sqlite)
        let stores: [any HistoryWriting] = [
            try PostgresHistoryStore(PostgresLocation(database.url), stream: .observed),
            try history.open(stream: .observed),
        ]
        func cycle(_ kind: Cycle.Kind, _ text: String) -> NewCycle {
            let instant = ISO8601.parse(text)!
            return NewCycle(kind: kind, start: instant, visibleAt: instant, tenantVersion: nil, source: "ingest")
        }
        func assessment(_ sub: String, _ status: Assessment.Status) -> Assessment {
            let date = ISO8601.parse("2026-11-01T00:00:00Z")!
            return Assessment(
                key: "k", resourceId: ResourceID("/subscriptions/\(sub)/resourceGroups/rg/providers/X.Y/z/r"),
                subscriptionId: sub, status: status, cause: nil, description: nil, firstEvaluationDate: date,
                statusChangeDate: date, origin: .native)
        }
        func items(_ sub: String, _ state: RegulatoryState) -> [ObservedComplianceItem] {
            [
                ObservedComplianceItem(subscriptionId: sub, standard: "MCSB", state: state, passed: 1),
                ObservedComplianceItem(subscriptionId: sub, standard: "MCSB", control: "NS.1", state: state),
            ]
        }
        for store in stores {
            try store.recordDefenderCycle(
                cycle(.defender, "2026-11-01T10:00:00Z"), assessments: [assessment("s1", .healthy)],
                resourceTypes: [:], subscriptions: ["s1"])
            let second = try store.recordDefenderCycle(
                cycle(.defender, "2026-11-01T11:00:00Z"), assessments: [assessment("s2", .unhealthy)],
                resourceTypes: [:], subscriptions: ["s2"])
            #expect(second.resultCount == 2)
            try store.recordComplianceCycle(cycle(.compliance, "2026-11-01T12:00:00Z"), items: items("s1", .passed))
            try store.recordComplianceCycle(cycle(.compliance, "2026-11-01T12:05:00Z"), items: items("s2", .failed))
            let third = try store.recordComplianceCycle(
                cycle(.compliance, "2026-11-02T12:00:00Z"), items: [items("s1", .failed)[1]])
            #expect(third.changedCount == 2)
        }
        #expect(try stores[0].dump() == stores[1].dump())
        let instant = ISO8601.parse("2026-11-02T12:00:00Z")!
        let shown = try stores.map { try #require(try $0.observedCompliance(visibleAt: instant)).items }
        #expect(shown[0] == shown[1])
        #expect(
            shown[0].map { "\($0.subscriptionId)/\($0.control)/\($0.state.rawValue)" } == [
                "s1/NS.1/Failed", "s2//Failed", "s2/NS.1/Failed",
            ])
        #expect(try stores[0].assessments(visibleAt: instant).map(\.subscriptionId) == ["s1", "s2"])
    }
}
