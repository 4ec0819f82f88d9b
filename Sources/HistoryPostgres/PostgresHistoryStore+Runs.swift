import Foundation
import History
import PolicyModel

extension PostgresHistoryStore {
    /// The instant the history starts from, fixed by the first run (`posture run --since`).
    package func since() throws -> Date? {
        try read {
            try session.scalarDouble("SELECT CAST(value AS DOUBLE PRECISION) FROM meta WHERE key = 'since'")
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Fixes the history's start; the first value stays.
    package func setSince(_ instant: Date) throws {
        try write {
            _ = try session.query(
                "INSERT INTO meta (key, value) VALUES ('since', $1) ON CONFLICT DO NOTHING",
                [.text("\(instant.timeIntervalSince1970)")])
        }
    }

    /// Asks for an on-demand policy scan at `instant`; the runner executes it when due.
    package func requestScan(at instant: Date) throws {
        try write {
            _ = try session.query(
                "INSERT INTO scan_requests (at) VALUES ($1) ON CONFLICT DO NOTHING",
                [.double(instant.timeIntervalSince1970)])
        }
    }

    /// Every scan asked for, oldest first.
    package func scanRequests() throws -> [Date] {
        try read {
            try session.query("SELECT at FROM scan_requests ORDER BY at").map {
                Date(timeIntervalSince1970: try $0.double(0))
            }
        }
    }

    /// The starts of the recorded cycles of each kind at or after `instant`.
    package func recordedStarts(since instant: Date) throws -> Set<CycleKey> {
        try read {
            Set(
                try session.query(
                    "SELECT kind, start FROM cycles WHERE start >= $1", [.double(instant.timeIntervalSince1970)]
                ).compactMap { row in
                    guard let kind = Cycle.Kind(rawValue: try row.text(0)) else { return nil }
                    return CycleKey(kind: kind, start: Date(timeIntervalSince1970: try row.double(1)))
                })
        }
    }

    /// When the first recorded cycle became visible: nothing is known before it.
    package func firstVisible() throws -> Date? {
        try read {
            try session.scalarDouble("SELECT MIN(visible_at) FROM cycles").map(Date.init(timeIntervalSince1970:))
        }
    }

    /// The latest instant the history has been told about: a cycle's visibility, a tenant
    /// observation or a scan request.
    package func latestInstant() throws -> Date? {
        try read {
            try session.scalarDouble(
                """
                SELECT MAX(t) FROM (
                    SELECT MAX(visible_at) AS t FROM cycles UNION ALL
                    SELECT MAX(observed_at) FROM tenant_versions UNION ALL
                    SELECT MAX(at) FROM scan_requests) AS instants
                """
            ).map(Date.init(timeIntervalSince1970:))
        }
    }
}
