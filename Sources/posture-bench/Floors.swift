import Foundation
import GRDB

/// The three floors, measured in the same run on the same files.
enum Floors {
    /// (a) Read resources.json and make one pass over its bytes.
    static func read(_ path: String) throws -> Measurement {
        try Meter.measure(unit: "bytes") {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            var braces = 0
            data.withUnsafeBytes { buffer in
                for byte in buffer where byte == UInt8(ascii: "{") { braces += 1 }
            }
            precondition(braces > 0 || data.isEmpty)
            return data.count
        }
    }

    /// (b) `python3 -c 'import json,sys; json.load(open(sys.argv[1]))' resources.json` as a subprocess;
    /// peak memory is the child's (getrusage RUSAGE_CHILDREN).
    static func python(_ path: String) throws -> Measurement {
        var m = try Meter.measure(unit: "bytes") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", "import json,sys; json.load(open(sys.argv[1]))", path]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw FloorError(description: "python3 json.load exited with status \(process.terminationStatus)")
            }
            return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        }
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        m.peakBytes = Int(usage.ru_maxrss) * 1024
        return m
    }

    /// (c) Insert `rows` policy-state rows into a fresh SQLite file: one prepared statement,
    /// reused, in one transaction.
    static func sqlite(rows: Int, directory: String) throws -> Measurement {
        let path = directory + "/posture-bench-floor-\(getpid()).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE policy_state (
                        resource_id TEXT NOT NULL, policy_assignment_id TEXT NOT NULL, policy_definition_id TEXT NOT NULL,
                        policy_definition_reference_id TEXT NOT NULL, compliance_state INTEGER NOT NULL, timestamp TEXT NOT NULL)
                    """)
        }
        return try Meter.measure(unit: "rows") {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction {
                    let statement = try db.makeStatement(sql: "INSERT INTO policy_state VALUES (?, ?, ?, ?, ?, ?)")
                    for i in 0..<rows {
                        try statement.execute(arguments: [
                            "/subscriptions/00000000-0000-0000-0000-\(String(i % 50))/resourceGroups/rg-\(i % 4000)/providers/Microsoft.Web/sites/app-\(i)",
                            "/providers/Microsoft.Management/managementGroups/root/providers/Microsoft.Authorization/policyAssignments/SecurityCenterBuiltIn",
                            "/providers/Microsoft.Authorization/policyDefinitions/\(i % 223)", "reference\(i % 223)",
                            i % 3,
                            "2026-11-01T07:00:00Z",
                        ])
                    }
                    return .commit
                }
            }
            return rows
        }
    }
}

struct FloorError: Error, CustomStringConvertible {
    var description: String
}
