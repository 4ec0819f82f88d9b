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
        try decodeObserved(scores: [(scores, file)], controls: controls.map { [($0, controlsFile)] } ?? [])
    }

    /// The scores of several `secureScores` lists (one per subscription, as the REST API lists them)
    /// and the controls of several `secureScoreControls` lists, matched by the subscription in each
    /// row's `id`. A row repeated identically is kept once; a different second row of one
    /// subscription (or control) is refused.
    package static func decodeObserved(
        scores: [(document: JSONValue, file: String)], controls: [(document: JSONValue, file: String)]
    ) throws(InputError) -> [SubscriptionScore] {
        let log = DiagnosticLog()
        var totals = DistinctRows<Total>()
        for (document, file) in scores {
            for row in JSONNode(document, file: file, log: log).listRows(of: "secure scores") {
                guard let subscription = subscription(of: row) else { continue }
                let properties = row["properties"]
                guard let score = details(properties["score"]) else { continue }
                let weight = count(properties["weight"]) ?? 0
                totals.add(
                    Total(subscriptionId: subscription, score: score, weight: weight), key: subscription, row: row,
                    noun: "score of subscription \(subscription)")
            }
        }
        var result: [String: SubscriptionScore] = [:]
        for total in totals.values {
            result[total.subscriptionId.lowercased()] = SubscriptionScore(
                subscriptionId: total.subscriptionId, controls: [], weight: total.weight, reported: total.score)
        }
        var controlRows = DistinctRows<ControlRow>()
        for (document, file) in controls {
            for row in JSONNode(document, file: file, log: log).listRows(of: "secure score controls") {
                guard let subscription = subscription(of: row), let key = row["name"].string() else { continue }
                let properties = row["properties"]
                guard let score = details(properties["score"]) else { continue }
                let healthy = count(properties["healthyResourceCount"])
                let unhealthy = count(properties["unhealthyResourceCount"])
                let notApplicable = count(properties["notApplicableResourceCount"])
                guard let healthy, let unhealthy, let notApplicable else { continue }
                guard result[subscription.lowercased()] != nil else {
                    row["id"].report(
                        "subscription \(subscription) has no score in \(scores.map(\.file).joined(separator: ", "))")
                    continue
                }
                let control = ControlScore(
                    key: key, displayName: properties["displayName"].optionalString() ?? key, maxScore: score.max,
                    healthy: healthy, unhealthy: unhealthy, notApplicable: notApplicable, reported: score)
                controlRows.add(
                    ControlRow(subscription: subscription.lowercased(), control: control),
                    key: subscription + "\n" + key, row: row,
                    noun: "control \(key.prefix(64)) of subscription \(subscription)")
            }
        }
        guard log.isEmpty else { throw InputError(log.diagnostics) }
        for row in controlRows.values { result[row.subscription]?.controls.append(row.control) }
        return result.values.map { s in
            var sorted = s
            sorted.controls.sort { $0.key < $1.key }
            return sorted
        }.sorted { $0.subscriptionId < $1.subscriptionId }
    }

    /// A subscription's total as one row gives it.
    private struct Total: Equatable {
        var subscriptionId: String
        var score: ScoreDetails
        var weight: Int
    }

    /// A control as one row gives it, with its subscription (lower-cased).
    private struct ControlRow: Equatable {
        var subscription: String
        var control: ControlScore
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
        // The rounding of both figures explains at most 0.005 points of `current` and 0.00005 of
        // `percentage`; a larger gap is a contradiction, and neither figure can be kept.
        guard Swift.abs(percentage * max - current) <= 0.005 + 0.000_05 * max + 1e-9 else {
            node["percentage"].report(
                "percentage \(percentage) contradicts current \(current) of max \(max) beyond Azure's rounding")
            return nil
        }
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
