import Defender
import Foundation
import HistoryQueries
import JSONCore
import PolicyModel
import Scheduling

/// What `drift` and `calibrate` print.
enum DriftOutput {
    static func json(_ drift: Drift) -> String {
        func status(_ s: Assessment.Status?) -> JSONValue { s.map { .string($0.rawValue) } ?? .null }
        func score(_ s: ScoreDetails?) -> JSONValue {
            guard let s else { return .null }
            return [
                "current": .number((s.current * 100).rounded() / 100), "max": .number(s.max.rounded()),
                "percentage": .number(s.percentage),
            ]
        }
        let value: JSONValue = [
            "at": .string(ISO8601.format(drift.at)),
            "pairs": [
                "compared": .number(Double(drift.compared)), "agree": .number(Double(drift.agree)),
                "disagree": .number(Double(drift.disagree)), "modelOnly": .number(Double(drift.modelOnly)),
                "observedOnly": .number(Double(drift.observedOnly)),
            ],
            "subscriptions": .array(
                drift.subscriptions.map {
                    [
                        "subscriptionId": .string($0.subscriptionId), "model": score($0.model),
                        "observed": score($0.observed),
                    ]
                }),
            "disagreements": .array(
                drift.disagreements.map {
                    [
                        "resourceId": .string($0.resourceId), "assessmentKey": .string($0.assessmentKey),
                        "model": status($0.model), "observed": status($0.observed),
                        "reason": .string($0.reason.rawValue),
                    ]
                }),
            "controls": [
                "compared": .number(Double(drift.controls.compared)), "agree": .number(Double(drift.controls.agree)),
                "disagree": .number(Double(drift.controls.disagree)),
                "modelOnly": .number(Double(drift.controls.modelOnly)),
                "observedOnly": .number(Double(drift.controls.observedOnly)),
            ],
            "controlDisagreements": .array(
                drift.controlDisagreements.map {
                    [
                        "subscriptionId": .string($0.subscriptionId), "standard": .string($0.standard),
                        "control": .string($0.control), "model": $0.model.map { .string($0.rawValue) } ?? .null,
                        "observed": $0.observed.map { .string($0.rawValue) } ?? .null,
                        "reason": .string($0.reason.rawValue),
                    ]
                }),
        ]
        return JSONWriter().string(value) + "\n"
    }

    static func table(_ drift: Drift) -> String {
        func rate(_ a: Drift.Agreement) -> String { String(format: "%.1f%%", a.rate * 100) }
        var out =
            "Model against observed at \(ISO8601.format(drift.at)): \(drift.agree) of "
            + "\(drift.compared + drift.modelOnly + drift.observedOnly) pairs agree "
            + "(\(drift.disagree) differ, \(drift.modelOnly) model only, \(drift.observedOnly) observed only)\n\n"
        var subscriptions = TextTable(["subscription", "agreement", "pairs", "model score", "observed score"])
        let scores = Dictionary(drift.subscriptions.map { ($0.subscriptionId.lowercased(), $0) }) { a, _ in a }
        for a in drift.bySubscription {
            let s = scores[a.key]
            let percent = { (d: ScoreDetails?) in d.map { String(format: "%.1f%%", $0.percentage * 100) } ?? "–" }
            subscriptions.append([a.key, rate(a), String(a.pairs), percent(s?.model), percent(s?.observed)])
        }
        out += subscriptions.render() + "\n"
        var recommendations = TextTable(["recommendation", "agreement", "pairs"])
        for a in drift.byRecommendation.sorted(by: { ($0.rate, $0.key) < ($1.rate, $1.key) }) {
            recommendations.append([a.key, rate(a), String(a.pairs)])
        }
        out += recommendations.render() + "\n"
        if !drift.disagreements.isEmpty {
            var table = TextTable(["resource", "recommendation", "model", "observed", "reason"])
            for d in drift.disagreements {
                table.append([
                    d.resourceId, d.assessmentKey, d.model?.rawValue ?? "–", d.observed?.rawValue ?? "–",
                    d.reason.rawValue,
                ])
            }
            out += table.render() + "\n"
        }
        let c = drift.controls
        if c.compared + c.modelOnly + c.observedOnly > 0 {
            out +=
                "\nRegulatory controls: \(c.agree) of \(c.compared + c.modelOnly + c.observedOnly) agree "
                + "(\(c.disagree) differ, \(c.modelOnly) model only, \(c.observedOnly) observed only)\n"
            if !drift.controlDisagreements.isEmpty {
                var table = TextTable(["subscription", "standard", "control", "model", "observed", "reason"])
                for d in drift.controlDisagreements {
                    table.append([
                        d.subscriptionId, d.standard, d.control, d.model?.rawValue ?? "–", d.observed?.rawValue ?? "–",
                        d.reason.rawValue,
                    ])
                }
                out += table.render() + "\n"
            }
        }
        return out
    }

    static func json(_ schedule: CalibratedSchedule) -> String {
        func fit(_ f: CycleFit) -> JSONValue {
            [
                "at": .string(f.at.description),
                "duration": f.duration.map { .string(DurationText.format($0)) } ?? .null,
                "days": .number(Double(f.days)), "spreadMinutes": .number((f.spreadMinutes * 10).rounded() / 10),
            ]
        }
        return JSONWriter().string([
            "policy": fit(schedule.policy), "defender": fit(schedule.defender), "score": fit(schedule.score),
        ]) + "\n"
    }

    static func table(_ schedule: CalibratedSchedule, out: String) -> String {
        var table = TextTable(["cycle", "at", "every", "duration", "days", "samples", "spread"])
        for (name, f) in [("policy", schedule.policy), ("defender", schedule.defender), ("score", schedule.score)] {
            table.append([
                name, f.at.description, DurationText.format(f.every), f.duration.map(DurationText.format) ?? "–",
                String(f.days), String(f.samples), String(format: "±%.0f min", f.spreadMinutes),
            ])
        }
        return "Calibrated schedule (\(schedule.timeZone.identifier)) written to \(out)\n" + table.render()
    }
}
