import JSONCore
import PolicyModel

extension SubscriptionScore {
    /// The scores of a `secureScores` list (`{"value": [...]}`, API 2020-01-01) as Azure reported
    /// them, one per subscription (`/subscriptions/<id>/providers/Microsoft.Security/secureScores/ascScore`),
    /// with the controls of an optional `secureScoreControls` list of the same subscriptions.
    /// Throws every malformed member with its file and path; a number that is not finite or is
    /// negative is malformed.
    package static func decodeObserved(
        scores: JSONValue, file: String, controls: JSONValue? = nil, controlsFile: String = ""
    ) throws(InputError) -> [SubscriptionScore] {
        let log = DiagnosticLog()
        var result: [String: SubscriptionScore] = [:]
        var firstRow: [String: String] = [:]
        for row in JSONNode(scores, file: file, log: log).listRows(of: "secure scores") {
            guard let subscription = subscription(of: row) else { continue }
            let properties = row["properties"]
            guard let score = details(properties["score"]) else { continue }
            let weight = count(properties["weight"]) ?? 0
            if let first = firstRow[subscription.lowercased()] {
                row["id"].report("a second score of subscription \(subscription) (the first is \(first))")
                continue
            }
            firstRow[subscription.lowercased()] = row.path.description
            result[subscription.lowercased()] = SubscriptionScore(
                subscriptionId: subscription, controls: [], weight: weight, reported: score)
        }
        if let controls {
            for row in JSONNode(controls, file: controlsFile, log: log).listRows(of: "secure score controls") {
                guard let subscription = subscription(of: row), let key = row["name"].string() else { continue }
                let properties = row["properties"]
                guard let score = details(properties["score"]) else { continue }
                let healthy = count(properties["healthyResourceCount"])
                let unhealthy = count(properties["unhealthyResourceCount"])
                let notApplicable = count(properties["notApplicableResourceCount"])
                guard let healthy, let unhealthy, let notApplicable else { continue }
                guard result[subscription.lowercased()] != nil else {
                    row["id"].report("subscription \(subscription) has no score in \(file)")
                    continue
                }
                let controlKey = subscription.lowercased() + "\n" + key.lowercased()
                if let first = firstRow[controlKey] {
                    row["name"].report(
                        "a second control \(key.prefix(64)) of subscription \(subscription) (the first is \(first))")
                    continue
                }
                firstRow[controlKey] = row.path.description
                result[subscription.lowercased()]?.controls.append(
                    ControlScore(
                        key: key, displayName: properties["displayName"].optionalString() ?? key, maxScore: score.max,
                        healthy: healthy, unhealthy: unhealthy, notApplicable: notApplicable, reported: score))
            }
        }
        guard log.isEmpty else { throw InputError(log.diagnostics) }
        return result.values.map { s in
            var sorted = s
            sorted.controls.sort { $0.key < $1.key }
            return sorted
        }.sorted { $0.subscriptionId < $1.subscriptionId }
    }

    /// The subscription of a score or control row, from its `id`.
    private static func subscription(of row: JSONNode) -> String? {
        guard row.object() != nil, let id = row["id"].string() else { return nil }
        guard let subscription = ResourceID(id).subscriptionId, !subscription.isEmpty else {
            row["id"].report("'\(id.prefix(128))' names no subscription")
            return nil
        }
        return subscription
    }

    /// `{max, current, percentage}`. Azure rounds `current` to 2 decimals and `percentage` to 4, so
    /// `current / max` need not round to the reported percentage: the current kept is the value
    /// nearest `percentage × max` that still rounds to the reported current, so both print as reported.
    private static func details(_ node: JSONNode) -> ScoreDetails? {
        guard node.object() != nil else { return nil }
        guard let max = number(node["max"]), let current = number(node["current"]) else { return nil }
        guard current <= max + 0.005 else {
            node["current"].report("current \(current) is above max \(max)")
            return nil
        }
        guard !node["percentage"].isAbsent else { return ScoreDetails(max: max, current: current) }
        guard let percentage = number(node["percentage"]) else { return nil }
        let consistent = Swift.min(Swift.max(percentage * max, current - 0.004_999), current + 0.004_999)
        return ScoreDetails(max: max, current: consistent)
    }

    private static func number(_ node: JSONNode) -> Double? {
        guard let value = node.optionalNumber() else {
            if node.isAbsent { node.report("required number is missing") }
            return nil
        }
        guard value.isFinite, value >= 0, value <= maximumFigure else {
            node.report("expected a number from 0 to \(Int(maximumFigure)), found \(value)")
            return nil
        }
        return value
    }

    /// The largest score, point or count figure accepted: far above any real one (a subscription's
    /// maximum is the sum of its controls' points, a few dozen), low enough that every sum and
    /// conversion of the figures stays exact.
    static let maximumFigure = Double(Int32.max)

    /// A resource count: a whole number from 0 to 2^31 (no conversion of an untrusted value traps).
    private static func count(_ node: JSONNode) -> Int? {
        guard let value = number(node) else { return nil }
        guard value == value.rounded() else {
            node.report("expected a whole number, found \(value)")
            return nil
        }
        return Int(value)
    }
}
