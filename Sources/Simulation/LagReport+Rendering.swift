import Foundation
import JSONCore
import PolicyModel
import Scheduling

extension LagReport {
    /// A JSON array, one object per event: `index`, `at`, `event`, `subject`, then per stage
    /// `policyVisibleAt`/`policyLag`, `defenderVisibleAt`/`defenderLag`, `scoreVisibleAt`/`scoreLag`
    /// (and for a finding `customVisibleAt`/`customLag`), and `reason`. Instants are ISO 8601 UTC,
    /// lags ISO 8601 durations in hours (`PT21H`); `null` where a stage never showed the event.
    package var json: JSONValue {
        .array(
            events.map { lag in
                var members: [JSONObject.Member] = [
                    .init(key: "index", value: .number(Double(lag.index))),
                    .init(key: "at", value: .string(ISO8601.format(lag.at))),
                    .init(key: "event", value: .string(lag.kind)),
                    .init(key: "subject", value: .string(lag.subject)),
                ]
                var stages = [("policy", lag.policy), ("defender", lag.defender), ("score", lag.score)]
                if let custom = lag.custom { stages.append(("custom", custom)) }
                for (name, stage) in stages {
                    members.append(
                        .init(
                            key: name + "VisibleAt", value: stage.visibleAt.map { .string(ISO8601.format($0)) } ?? .null
                        ))
                    members.append(
                        .init(key: name + "Lag", value: lag.lag(stage).map { .string(Self.duration($0)) } ?? .null))
                }
                members.append(.init(key: "reason", value: lag.reason.map(JSONValue.string) ?? .null))
                return .object(JSONObject(members))
            })
    }

    /// A table for people: one row per event with the instant each stage showed it (UTC) and the lag,
    /// `-` where it never did, and the reason. The custom-recommendation columns appear only when the
    /// scenario has a finding, and are blank for the other events.
    package func table() -> String {
        let custom = events.contains { $0.custom != nil }
        var header = ["#", "at (UTC)", "event", "subject", "policy", "lag", "defender", "lag", "score", "lag"]
        if custom { header += ["custom", "lag"] }
        header.append("reason")
        var rows = [header]
        for lag in events {
            var row = [String(lag.index), Self.minute(lag.at), lag.kind, Self.shortSubject(lag.subject)]
            var stages = [lag.policy, lag.defender, lag.score]
            if custom { stages.append(lag.custom ?? .never("")) }  // blank below for events that are not findings
            for stage in stages {
                row.append(stage.visibleAt.map(Self.minute) ?? "-")
                row.append(lag.lag(stage).map(Self.duration) ?? "-")
            }
            if custom, lag.custom == nil { row[row.count - 2..<row.count] = ["", ""] }
            row.append(lag.reason ?? "")
            rows.append(row)
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            var line = zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(
                separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// A lag in whole seconds as an ISO 8601 duration (`PT21H`).
    static func duration(_ seconds: TimeInterval) -> String {
        DurationText.iso8601(Int(seconds.rounded()))
    }

    /// `2026-11-04 07:00` (UTC; seconds shown only when not zero).
    static func minute(_ date: Date) -> String {
        let text = ISO8601.format(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
        return text.hasSuffix(":00") ? String(text.dropLast(3)) : text
    }

    /// A subject for a table cell: the last name of each id (`app1`, `key on vm1`).
    static func shortSubject(_ subject: String) -> String {
        subject.components(separatedBy: " on ").map { $0.hasPrefix("/") ? ResourceID($0).name : $0 }.joined(
            separator: " on ")
    }
}
