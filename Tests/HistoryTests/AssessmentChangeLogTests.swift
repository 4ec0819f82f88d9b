import Defender
import Foundation
import GRDB
import HistoryTestSupport
import PolicyModel
import Testing

@testable import History

/// The change log `score delta` reads must say what the interval rows say, after every cycle and
/// between any two, and the migration that builds it for an older history must write the same log.
@Suite struct AssessmentChangeLogTests {
    typealias F = HistoryFixture

    /// Forty days of twelve resources with four recommendations each, statuses drawn from a fixed
    /// sequence: flips, exemptions of both categories, disabled policies, assessments that come and go.
    static func record(into store: any HistoryWriting) throws -> [(seq: Int, assessments: [Assessment])] {
        let at = F.date("2026-11-01T08:00:00Z")
        var random: UInt64 = 7
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        let statuses: [(Assessment.Status, String?, PolicyExemption.Category?)] = [
            (.healthy, nil, nil), (.unhealthy, nil, nil), (.notApplicable, "Exempt", .waiver),
            (.notApplicable, "Exempt", .mitigated), (.notApplicable, "OffByPolicy", nil),
        ]
        var current: [String: Int] = [:]  // "resource|key" → status index
        var recorded: [(Int, [Assessment])] = []
        for day in 0..<40 {
            for _ in 0..<(day == 0 ? 48 : 6) {
                let pair = "\(next(12))|k\(next(4))"
                current[pair] = next(7) < 6 ? next(statuses.count) : nil  // one in seven disappears
            }
            let start = at.addingTimeInterval(Double(day) * 86_400)
            let assessments = current.sorted { $0.key < $1.key }.map { pair, index in
                let parts = pair.split(separator: "|")
                let (status, cause, category) = statuses[index]
                return Assessment(
                    key: String(parts[1]), resourceId: F.state(Int(parts[0])!, .compliant).resourceId,
                    subscriptionId: "s1",
                    status: status, cause: cause, description: nil, firstEvaluationDate: at, statusChangeDate: start,
                    exemptionCategory: category, origin: .native)
            }
            let cycle = try store.recordDefenderCycle(
                NewCycle(kind: .defender, start: start, visibleAt: start.addingTimeInterval(3600), tenantVersion: 1),
                assessments: assessments)
            recorded.append((cycle.seq, assessments))
        }
        return recorded
    }

    /// (resource key, recommendation key) → status, as the moves between two cycles have it on one side.
    static func side(_ moves: AssessmentMoves, after: Bool) -> [String: AssessmentStatus] {
        var result: [String: AssessmentStatus] = [:]
        for resource in moves.resources {
            for pair in moves.pairs[resource.pairs] {
                if let status = moves.status(after ? pair.after : pair.before) {
                    result[resource.id.key + "|" + moves.keys[pair.key]] = status
                }
            }
        }
        return result
    }

    static func statuses(_ assessments: [Assessment]) -> [String: AssessmentStatus] {
        Dictionary(
            uniqueKeysWithValues: assessments.map {
                (
                    $0.resourceId.key + "|" + $0.key,
                    AssessmentStatus(status: $0.status, cause: $0.cause, exemptionCategory: $0.exemptionCategory)
                )
            })
    }

    @Test(arguments: Backend.all) func everyStateFromTheLogIsTheStateOfTheRows(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let recorded = try Self.record(into: db.store)
        let dump = try db.store.dump().components(separatedBy: "\n# assessment_checkpoints\n")
        let checkpoints = try #require(dump.last?.components(separatedBy: "\n# ").first).split(separator: "\n")
        #expect(dump.count == 2 && checkpoints.count > 2, "the test crosses several checkpoints")
        for (seq, assessments) in recorded {
            // From before the first cycle, every pair is a move and `after` is the whole state.
            #expect(
                Self.side(try db.store.assessmentMoves(fromCycle: 0, toCycle: seq), after: true)
                    == Self.statuses(assessments), "cycle \(seq)")
        }
    }

    @Test(arguments: Backend.all) func movesBetweenAnyTwoCyclesAreTheRowsThatDiffer(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let recorded = try Self.record(into: db.store)
        for (i, j) in [(0, 1), (0, 39), (3, 17), (10, 11), (20, 39), (38, 39), (5, 5)] {
            let (from, to) = (recorded[i], recorded[j])
            let moves = try db.store.assessmentMoves(fromCycle: from.seq, toCycle: to.seq)
            let (before, after) = (Self.statuses(from.assessments), Self.statuses(to.assessments))
            let differing = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
            var moved: Set<String> = []
            for resource in moves.resources {
                for pair in moves.pairs[resource.pairs] {
                    let name = resource.id.key + "|" + moves.keys[pair.key]
                    #expect(
                        moves.status(pair.before) == before[name] && moves.status(pair.after) == after[name],
                        "\(name) \(i)→\(j)")
                    if pair.moved {
                        moved.insert(name)
                        #expect(pair.movedIn.map { $0 > from.seq && $0 <= to.seq } == true)
                    }
                }
            }
            #expect(moved == differing, "cycles \(i)→\(j)")
        }
    }

    /// SQLite only: the migration rebuilds SQLite's tables, read here directly.
    @Test func theMigrationBuildsTheSameLogFromTheRows() throws {
        let db = try TemporaryDatabase()
        _ = try Self.record(into: db.store)
        func log(_ db: Database) throws -> [[DatabaseValue]] {
            try ["assessment_changes", "assessment_checkpoints"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY seq").map { Array($0.databaseValues) }
            }
        }
        let written = try db.store.queue.read(log)
        let rebuilt = try db.store.queue.write { db in
            try db.execute(sql: "DELETE FROM assessment_changes; DELETE FROM assessment_checkpoints")
            try AssessmentChangeLog.backfill(db)
            return try log(db)
        }
        #expect(written.count > 40)
        #expect(rebuilt == written)
    }
}
