import ArgumentParser
import Defender
import Foundation
import JSONCore
import PolicyModel

extension Posture {
    struct Compliance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regulatory compliance: each assigned standard's controls, passed, failed or skipped, and the resources behind them.")

        @Argument(help: "The tenant directory (evaluated on the spot; omit it with --db).")
        var tenant: String?

        @Option(help: "Read the states visible at --at from this history database instead of evaluating.")
        var db: String?

        @Option(help: "The instant (ISO 8601); default: now.")
        var at: Instant?

        @Option(help: "Output format: table, json or csv.")
        var format: OutputFormat = .table

        @OptionGroup var common: CommonOptions

        func run() throws {
            let source = try ResultSource(tenant: tenant, db: db, at: Instant.or(at), logger: common.logger())
            UnevaluatedPolicies.print(source.unevaluatedNote)
            let standards = RegulatoryCompliance.standards(tenant: source.tenant, states: source.results.states)
            print(ComplianceOutput(standards: standards).render(format))
        }
    }
}

/// Prints regulatory standards: a table per standard for people, JSON or CSV for tools.
struct ComplianceOutput {
    let standards: [RegulatoryStandard]

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONWriter().string(.array(standards.map { s in
                [
                    "id": .string(s.initiativeId.rawValue), "displayName": .string(s.displayName),
                    "assignments": .array(s.assignmentIds.map { .string($0.rawValue) }),
                    "controls": .array(s.controls.map { c in
                        [
                            "name": .string(c.name), "displayName": c.displayName.map(JSONValue.string) ?? .null,
                            "state": .string(c.state.rawValue), "policies": .array(c.policies.map(JSONValue.string)),
                            "passedResources": .array(c.passedResources.map { .string($0.rawValue) }),
                            "failedResources": .array(c.failedResources.map { .string($0.rawValue) }),
                            "skippedResources": .array(c.skippedResources.map { .string($0.rawValue) }),
                        ]
                    }),
                ]
            }))
        case .csv:
            var csv = CSVWriter(["standard", "control", "displayName", "state", "passed", "failed", "skipped"])
            for s in standards {
                for c in s.controls {
                    csv.append([
                        s.displayName, c.name, c.displayName ?? "", c.state.rawValue, String(c.passedResources.count),
                        String(c.failedResources.count), String(c.skippedResources.count),
                    ])
                }
            }
            return csv.text
        case .table:
            guard !standards.isEmpty else { return "No regulatory standard is assigned (an initiative with metadata \"ASC\": \"true\")." }
            return standards.map { s in
                let passed = s.controls.filter { $0.state == .passed }.count
                let failed = s.controls.filter { $0.state == .failed }.count
                var table = TextTable(["control", "state", "passed", "failed", "skipped", "failing resources"])
                for c in s.controls {
                    table.append([
                        c.displayName ?? c.name, c.state.rawValue, String(c.passedResources.count), String(c.failedResources.count),
                        String(c.skippedResources.count), c.failedResources.prefix(3).map(\.name).joined(separator: ", ")
                            + (c.failedResources.count > 3 ? ", …" : ""),
                    ])
                }
                return "\(s.displayName): \(passed) of \(s.controls.count) controls passed, \(failed) failed\n" + table.render(indent: "  ")
            }.joined(separator: "\n\n")
        }
    }
}
