import Foundation
import PolicyModel
import Yams

/// Reads `goals.yaml`, collecting every problem with its path before failing:
///
///     goals:
///       - name: prod-90
///         scope: /subscriptions/1111…   # a subscription (id or display name), a management group,
///                                       # `tenant`, `{team: NAME}` or `{control: KEY}`
///         secureScore: 90%              # or `unhealthy: {severity: High, atMost: 0}`
///         by: 2026-12-31
///         owner: Platform
///
/// Whether the scope names a subscription, management group, team or control that exists is
/// checked against the tenant by `GoalResolver`.
package enum GoalFile {
    static let goalKeys = ["name", "scope", "secureScore", "unhealthy", "by", "owner"]

    /// The goals of a file on disk; `GoalsError` for an unreadable file or any problem in it.
    package static func load(path: String) throws(GoalsError) -> [Goal] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw GoalsError(file: path, problems: [.init(path: "", message: "no such goals file")])
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GoalsError(
                file: path, problems: [.init(path: "", message: "cannot be read: \(error.localizedDescription)")])
        }
        return try parse(text, file: path)
    }

    /// The goals of a YAML text; `file` names it in the problems.
    package static func parse(_ yaml: String, file: String) throws(GoalsError) -> [Goal] {
        var problems: [GoalsError.Problem] = []
        func fail(_ path: String, _ message: String) { problems.append(.init(path: path, message: message)) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw GoalsError(file: file, problems: [.init(path: "", message: "is not YAML: \(error)")])
        }
        guard let root, let top = root.mapping else {
            throw GoalsError(file: file, problems: [.init(path: "", message: "needs a top-level 'goals' list")])
        }
        for (key, _) in top where key.string != "goals" {
            fail(key.string ?? "", "unknown key (the file holds only 'goals')")
        }
        guard let list = top["goals"] else {
            throw GoalsError(
                file: file, problems: problems + [.init(path: "", message: "needs a top-level 'goals' list")])
        }
        guard let items = list.sequence else {
            throw GoalsError(
                file: file, problems: problems + [.init(path: "goals", message: "must be a list of goals")])
        }
        var goals: [Goal] = []
        var names: Set<String> = []
        for (index, item) in items.enumerated() {
            let path = "goals[\(index)]"
            guard let fields = item.mapping else {
                fail(path, "must be a mapping with name, scope, secureScore or unhealthy, by, owner")
                continue
            }
            for (key, _) in fields where !goalKeys.contains(key.string ?? "") {
                fail("\(path).\(key.string ?? "?")", "unknown key (use \(goalKeys.joined(separator: ", ")))")
            }
            let name = scalar(fields["name"], "\(path).name", required: true, fail)
            if let name {
                if name.isEmpty { fail("\(path).name", "must not be empty") }
                if !names.insert(name).inserted { fail("\(path).name", "'\(name)' names two goals") }
            }
            let scope = self.scope(fields["scope"], "\(path).scope", fail)
            let target = self.target(fields["secureScore"], fields["unhealthy"], path, fail)
            var day: LocalDay?
            if let text = scalar(fields["by"], "\(path).by", required: true, fail) {
                day = LocalDay(text)
                if day == nil { fail("\(path).by", "'\(text)' is not a date (use YYYY-MM-DD, e.g. 2026-12-31)") }
            }
            let owner = scalar(fields["owner"], "\(path).owner", required: false, fail)
            if let name, let scope, let target, let day {
                goals.append(Goal(name: name, scope: scope, target: target, by: day, owner: owner, path: path))
            }
        }
        guard problems.isEmpty else { throw GoalsError(file: file, problems: problems) }
        return goals
    }

    private typealias Fail = (String, String) -> Void

    private static func scalar(_ node: Node?, _ path: String, required: Bool, _ fail: Fail) -> String? {
        guard let node else {
            if required { fail(path, "is missing") }
            return nil
        }
        guard let text = node.scalar?.string else {
            fail(path, "must be a single value")
            return nil
        }
        return text
    }

    private static func scope(_ node: Node?, _ path: String, _ fail: Fail) -> Goal.Scope? {
        let usage = "use a subscription id or display name, a management group, tenant, {team: NAME} or {control: KEY}"
        guard let node else {
            fail(path, "is missing (\(usage))")
            return nil
        }
        if let fields = node.mapping {
            guard fields.count == 1, let (key, value) = fields.first, let kind = key.string,
                ["team", "control"].contains(kind)
            else {
                fail(path, "is not a scope (\(usage))")
                return nil
            }
            guard let name = value.scalar?.string, !name.isEmpty else {
                fail("\(path).\(kind)", "must name a \(kind)")
                return nil
            }
            return kind == "team" ? .team(name) : .control(name)
        }
        guard let text = node.scalar?.string.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            fail(path, "is not a scope (\(usage))")
            return nil
        }
        for kind in ["team", "control"] where text.lowercased().hasPrefix(kind + ":") {
            let name = text.dropFirst(kind.count + 1).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                fail(path, "must name a \(kind)")
                return nil
            }
            return kind == "team" ? .team(name) : .control(name)
        }
        return text.lowercased() == "tenant" ? .tenant : .named(text)
    }

    private static func target(_ score: Node?, _ unhealthy: Node?, _ path: String, _ fail: Fail) -> Goal.Target? {
        switch (score, unhealthy) {
        case (nil, nil):
            fail(path, "needs a target: secureScore: 90% or unhealthy: {severity: High, atMost: 0}")
            return nil
        case (.some, .some):
            fail(path, "has two targets: keep either secureScore or unhealthy")
            return nil
        case (let score?, nil):
            let key = "\(path).secureScore"
            guard let text = score.scalar?.string.trimmingCharacters(in: .whitespaces) as String? else {
                fail(key, "must be a percentage such as 90%")
                return nil
            }
            guard text.hasSuffix("%"), let number = Double(text.dropLast().trimmingCharacters(in: .whitespaces)),
                number.isFinite, (0...100).contains(number)
            else {
                fail(key, "'\(text)' is not a percentage from 0% to 100% (e.g. 90%)")
                return nil
            }
            return .secureScore(number / 100)
        case (nil, let node?):
            let key = "\(path).unhealthy"
            guard let fields = node.mapping else {
                fail(key, "must be {severity: High, atMost: 0}")
                return nil
            }
            var ok = true
            for (name, _) in fields where !["severity", "atMost"].contains(name.string ?? "") {
                fail("\(key).\(name.string ?? "?")", "unknown key (use severity and atMost)")
                ok = false
            }
            let severityText = fields["severity"]?.scalar?.string
            let severity = Recommendation.severities.first { $0.lowercased() == severityText?.lowercased() }
            if severity == nil {
                fail(
                    "\(key).severity",
                    "'\(severityText ?? "")' is not a severity (use "
                        + Recommendation.severities.joined(separator: ", ") + ")"
                )
            }
            let countText = fields["atMost"]?.scalar?.string ?? ""
            let count = Int(countText).flatMap { $0 >= 0 ? $0 : nil }
            if count == nil { fail("\(key).atMost", "'\(countText)' is not a count (a whole number, 0 or more)") }
            guard ok, let severity, let count else { return nil }
            return .unhealthy(severity: severity, atMost: count)
        }
    }
}
