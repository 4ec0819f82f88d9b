import Defender
import Foundation
import History
import JSONCore
import PolicyModel

/// The `observed/` folder `posture export --observed` writes (what Azure showed: `policystates.json`,
/// `assessments.json`, `securescores/<subscription>.json`, `securescorecontrols/<subscription>.json`),
/// recorded as observed cycles: the policy states visible at their newest timestamp, the assessments
/// and the scores of every subscription (one score cycle) at `at`. Each is one transaction; policy
/// states already recorded (Azure has not run a new cycle since) are left as they are. The cycles show
/// the exported subscriptions (those with a `securescores` file, and those the rows name): rows of
/// other subscriptions recorded earlier carry over.
struct ObservedFolder {
    let path: String

    /// What it recorded, one line per cycle.
    func record(into store: HistoryStore, at: Date) throws -> [String] {
        var lines: [String] = []
        let fileManager = FileManager.default
        let scoresFolder = path + "/securescores"
        let names = ((try? fileManager.contentsOfDirectory(atPath: scoresFolder)) ?? []).filter {
            $0.hasSuffix(".json")
        }.sorted()
        let exported = Set(names.map { String($0.dropLast(".json".count)) })
        let scope = exported.isEmpty ? nil : exported
        let statesFile = path + "/policystates.json"
        if fileManager.fileExists(atPath: statesFile) {
            let states = try Posture.Ingest.decode(statesFile) { document throws(InputError) in
                try PolicyState.decodeAll(document, file: statesFile)
            }
            if let oldest = states.map(\.timestamp).min(), let newest = states.map(\.timestamp).max() {
                do {
                    let cycle = try store.recordPolicyCycle(
                        NewCycle(kind: .policy, start: oldest, visibleAt: newest, tenantVersion: nil, source: "ingest"),
                        results: PolicyResults(states: states), resources: nil, subscriptions: scope)
                    lines.append(Posture.Ingest.summary(states.count, "policy state", cycle))
                } catch let error as HistoryError where error.code == .alreadyRecorded {
                    lines.append("observed policy states: no new policy cycle since the last ingest")
                }
            }
        }
        let assessmentsFile = path + "/assessments.json"
        if fileManager.fileExists(atPath: assessmentsFile) {
            let assessments = try Posture.Ingest.decode(assessmentsFile) { document throws(InputError) in
                try Assessment.decodeObserved(document, file: assessmentsFile, at: at)
            }
            let cycle = try store.recordDefenderCycle(
                NewCycle(kind: .defender, start: at, visibleAt: at, tenantVersion: nil, source: "ingest"),
                assessments: assessments, resourceTypes: [:], subscriptions: scope)
            lines.append(Posture.Ingest.summary(assessments.count, "assessment", cycle))
        }
        let scoreFiles = names.map { scoresFolder + "/" + $0 }
        let controlFiles = names.map { path + "/securescorecontrols/" + $0 }.filter {
            fileManager.fileExists(atPath: $0)
        }
        let scores = try Posture.Ingest.decode(scoreFiles + controlFiles) { documents throws(InputError) in
            try SubscriptionScore.decodeObserved(
                scores: Array(documents.prefix(scoreFiles.count)),
                controls: Array(documents.dropFirst(scoreFiles.count)))
        }
        if !scores.isEmpty {
            let cycle = try store.recordScoreCycle(
                NewCycle(kind: .score, start: at, visibleAt: at, tenantVersion: nil, source: "ingest"), scores: scores,
                subscriptions: scope)
            lines.append(Posture.Ingest.summary(scores.count, "subscription score", cycle))
        }
        return lines
    }
}
