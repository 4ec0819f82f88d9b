import Foundation
import History

extension PostgresHistoryStore {
    /// Calls `body` with each Defender cycle's changes, in cycle order, up to `seq` included.
    package func forEachAssessmentChange(
        throughCycle seq: Int, _ body: (_ cycle: Int, _ changes: [PairChange]) throws -> Void
    ) throws {
        try read {
            for row in try session.query(
                "SELECT seq, changes FROM assessment_changes WHERE seq <= $1 ORDER BY seq", [.number(seq)])
            {
                let cycle = Int(try row.int(0))
                try body(cycle, try AssessmentChangeLog.pairChanges(Data(try row.bytes(1)), cycle: cycle))
            }
        }
    }

    /// Calls `body` with every assessment's status after each of `cycles` (Defender cycles, in
    /// ascending order), sorted by resource and key.
    package func forEachAssessmentState(
        afterCycles cycles: [Int], _ body: (_ cycle: Int, _ state: [PairStatus]) throws -> Void
    ) throws {
        precondition(cycles == cycles.sorted(), "cycles in ascending order")
        try read {
            var state: [PairStatus] = []
            var current: Int?
            for seq in cycles {
                if let current {
                    if seq > current {
                        state = try AssessmentChangeLog.applying(netChanges(after: current, through: seq), to: state)
                    }
                } else {
                    state = try changeLogState(after: seq)
                }
                current = seq
                try body(seq, state)
            }
        }
    }

    /// Every pair's code after cycle `seq`: the checkpoint before it plus the changes since.
    func changeLogState(after seq: Int) throws -> [PairStatus] {
        var state: [PairStatus] = []
        var checkpoint = 0
        if let row = try session.query(
            "SELECT seq, state FROM assessment_checkpoints WHERE seq <= $1 ORDER BY seq DESC LIMIT 1", [.number(seq)]
        ).first {
            checkpoint = Int(try row.int(0))
            state = try AssessmentChangeLog.state(checkpoint: Data(try row.bytes(1)), seq: checkpoint)
        }
        guard checkpoint < seq else { return state }
        return try AssessmentChangeLog.applying(netChanges(after: checkpoint, through: seq), to: state)
    }

    func netChanges(after from: Int, through to: Int) throws -> [(change: AssessmentChangeLog.Change, seq: Int)] {
        try AssessmentChangeLog.netChanges(
            try session.query(
                "SELECT seq, changes FROM assessment_changes WHERE seq > $1 AND seq <= $2 ORDER BY seq",
                [.number(from), .number(to)]
            ).map { (Int(try $0.int(0)), Data(try $0.bytes(1))) })
    }

    /// The resources whose assessments differ between cycle `from` and cycle `to` (`from` ≤ `to`),
    /// with all their assessments after each (`AssessmentMoveWalk`).
    package func assessmentMoves(fromCycle from: Int, toCycle to: Int) throws -> AssessmentMoves {
        precondition(from <= to, "cycles in order")
        guard from < to else { return AssessmentMoves() }
        return try read {
            var walk = AssessmentMoveWalk()
            try walk.run(try changeLogState(after: from), try netChanges(after: from, through: to))
            guard walk.moved else { return AssessmentMoves() }
            var found: [Int64: (id: String, subscription: String)] = [:]
            for row in try session.query(
                "SELECT id, resource_id, subscription_id FROM resources WHERE id = ANY($1)",
                [.ints(Array(walk.resourceRows))])
            {
                found[try row.int(0)] = (try row.text(1), try row.text(2))
            }
            return try walk.moves(texts: try texts(), resources: found)
        }
    }

    /// Every text `PairStatus` refers to (assessment keys, causes), by id.
    package func assessmentTexts() throws -> [Int64: String] {
        try read { try texts() }
    }

    /// Every resource row's subscription id and resource type as recorded.
    package func resourceClasses() throws -> ResourceClasses {
        try read {
            var builder = ResourceClasses.Builder()
            for row in try session.query("SELECT id, subscription_id, resource_type FROM resources ORDER BY id") {
                builder.add(row: try row.int(0), subscription: try row.text(1), type: try row.text(2))
            }
            return builder.classes
        }
    }

    /// The recorded ids of the resource rows in `rows` (rows not recorded are left out).
    package func resourceIds(rows: Set<Int64>) throws -> [Int64: String] {
        guard !rows.isEmpty else { return [:] }
        return try read {
            var ids: [Int64: String] = [:]
            for row in try session.query(
                "SELECT id, resource_id FROM resources WHERE id = ANY($1)", [.ints(Array(rows))])
            {
                ids[try row.int(0)] = try row.text(1)
            }
            return ids
        }
    }
}
