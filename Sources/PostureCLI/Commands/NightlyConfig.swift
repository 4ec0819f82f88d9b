import AzureExport
import Foundation
import Yams

/// `posture nightly --config FILE`: the one file a nightly job needs. Relative paths are read from the
/// config file's folder.
///
///     scope:
///       managementGroup: contoso-root        # or  subscriptions: [<id>, <id>]
///     az: /usr/bin/az                        # optional; default: az on PATH
///     directories:
///       tenant: /var/lib/posturesync/tenant  # what the export fills and the run records
///       report: /var/lib/posturesync/report  # optional: the HTML report
///     db: /var/lib/posturesync/history.sqlite
///     schedule: /etc/posturesync/azure-observed.yaml
///     retention:
///       exports: 7                           # previous exports kept in <tenant>.exports/ (default 0)
///     metrics: /var/lib/prometheus/node-exporter/posturesync.prom   # optional
///     observed: false                        # also export what Azure shows into <tenant>/observed/
///     wait: 600                              # seconds to wait for another run's lock
struct NightlyConfig: Equatable {
    var scope: ExportScope
    var az: String?
    var tenant: String
    var report: String?
    var db: String
    var schedule: String
    var keepExports: Int
    var metrics: String?
    /// The review's goals (`goals.yaml`); the month's review is written into the report folder.
    var goals: String?
    var observed: Bool
    /// Record cycles although some assigned policies cannot be evaluated (`run --allow-unevaluated`).
    var allowUnevaluated: Bool
    var wait: Int

    /// A problem with the file: the file, the key, what is wrong.
    struct Problem: Error, CustomStringConvertible {
        var file: String
        var key: String
        var message: String
        /// 74 when the file cannot be read, 2 when its content is wrong.
        var isIO = false
        var description: String { key.isEmpty ? "\(file): \(message)" : "\(file): \(key): \(message)" }
    }

    static func load(path: String) throws(Problem) -> NightlyConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(
                file: path, key: "", message: "cannot be read (check the path and its permissions)", isIO: true)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Problem(file: path, key: "", message: "is not UTF-8 text")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try NightlyConfig(yaml: text, file: path, base: base)
    }

    init(yaml: String, file: String, base: URL) throws(Problem) {
        let root: [String: Any]
        do {
            guard let loaded = try Yams.load(yaml: yaml) as? [String: Any] else {
                throw Problem(file: file, key: "", message: "expected a mapping of settings")
            }
            root = loaded
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(file: file, key: "", message: "is not valid YAML (\(error))")
        }
        let reader = Reader(file: file, base: base)
        try reader.allowed(
            root,
            [
                "scope", "az", "directories", "db", "schedule", "retention", "metrics", "observed", "wait", "goals",
                "allowUnevaluated",
            ],
            at: "")
        let scopeMap = try reader.map(root, "scope", at: "")
        try reader.allowed(scopeMap, ["managementGroup", "subscriptions"], at: "scope.")
        switch (scopeMap["managementGroup"], scopeMap["subscriptions"]) {
        case (let group?, nil):
            guard let group = group as? String, !group.isEmpty else {
                throw Problem(file: file, key: "scope.managementGroup", message: "expected a management group id")
            }
            scope = .managementGroup(group)
        case (nil, let list?):
            guard let ids = list as? [String], !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty }) else {
                throw Problem(file: file, key: "scope.subscriptions", message: "expected a list of subscription ids")
            }
            scope = .subscriptions(ids)
        default:
            throw Problem(file: file, key: "scope", message: "give either managementGroup or subscriptions")
        }
        az = try reader.optionalString(root, "az", at: "").map { $0.contains("/") ? reader.path($0) : $0 }
        let directories = try reader.map(root, "directories", at: "")
        try reader.allowed(directories, ["tenant", "report"], at: "directories.")
        tenant = reader.path(try reader.string(directories, "tenant", at: "directories."))
        report = try reader.optionalString(directories, "report", at: "directories.").map(reader.path)
        db = reader.path(try reader.string(root, "db", at: ""))
        schedule = reader.path(try reader.string(root, "schedule", at: ""))
        if root["retention"] != nil {
            let retention = try reader.map(root, "retention", at: "")
            try reader.allowed(retention, ["exports"], at: "retention.")
            keepExports = try reader.optionalInt(retention, "exports", at: "retention.", range: 0...1000) ?? 0
        } else {
            keepExports = 0
        }
        metrics = try reader.optionalString(root, "metrics", at: "").map(reader.path)
        goals = try reader.optionalString(root, "goals", at: "").map(reader.path)
        observed = try reader.optionalBool(root, "observed", at: "") ?? false
        allowUnevaluated = try reader.optionalBool(root, "allowUnevaluated", at: "") ?? false
        wait = try reader.optionalInt(root, "wait", at: "", range: 0...86_400) ?? 0
    }

    /// Typed reads of the loaded YAML, each failure naming the key.
    private struct Reader {
        var file: String
        var base: URL

        func allowed(_ map: [String: Any], _ keys: Set<String>, at prefix: String) throws(Problem) {
            if let unknown = map.keys.sorted().first(where: { !keys.contains($0) }) {
                throw Problem(
                    file: file, key: prefix + unknown,
                    message: "unknown setting (known: \(keys.sorted().joined(separator: ", ")))")
            }
        }

        func map(_ map: [String: Any], _ key: String, at prefix: String) throws(Problem) -> [String: Any] {
            guard let value = map[key] as? [String: Any] else {
                throw Problem(
                    file: file, key: prefix + key, message: map[key] == nil ? "is missing" : "expected a mapping")
            }
            return value
        }

        func string(_ map: [String: Any], _ key: String, at prefix: String) throws(Problem) -> String {
            guard let value = try optionalString(map, key, at: prefix) else {
                throw Problem(file: file, key: prefix + key, message: "is missing")
            }
            return value
        }

        func optionalString(_ map: [String: Any], _ key: String, at prefix: String) throws(Problem) -> String? {
            guard let value = map[key] else { return nil }
            guard let text = value as? String, !text.isEmpty else {
                throw Problem(file: file, key: prefix + key, message: "expected a non-empty string")
            }
            return text
        }

        func optionalInt(_ map: [String: Any], _ key: String, at prefix: String, range: ClosedRange<Int>)
            throws(Problem) -> Int?
        {
            guard let value = map[key] else { return nil }
            guard let number = value as? Int, range.contains(number) else {
                throw Problem(
                    file: file, key: prefix + key,
                    message: "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }

        func optionalBool(_ map: [String: Any], _ key: String, at prefix: String) throws(Problem) -> Bool? {
            guard let value = map[key] else { return nil }
            guard let flag = value as? Bool else {
                throw Problem(file: file, key: prefix + key, message: "expected true or false")
            }
            return flag
        }

        /// A path from the file, relative to the file's folder unless absolute.
        func path(_ text: String) -> String {
            text.hasPrefix("/") ? text : base.appendingPathComponent(text).standardizedFileURL.path
        }
    }
}
