import ArgumentParser
import Defender
import Foundation
import JSONCore
import PolicyModel

extension Posture {
    struct Assessments: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print Defender's assessments of a tenant at an instant (Microsoft.Security/assessments).")

        @Argument(help: "The tenant directory (evaluated on the spot; omit it with --db).")
        var tenant: String?

        @Option(help: "Read the assessments visible at --at from this history database instead of evaluating.")
        var db: String?

        @Option(help: "The instant to evaluate at (ISO 8601); default: now.")
        var at: Instant?

        @Option(help: "Output format: table, json (the assessments list with metadata expanded) or csv.")
        var format: OutputFormat = .table

        @Option(help: "Only assessments whose status.cause is this (e.g. Exempt, OffByPolicy).")
        var cause: String?

        @Option(help: "Only assessments with this status.code (Healthy, Unhealthy, NotApplicable).")
        var status: String?

        @OptionGroup var results: SourceOption

        @OptionGroup var common: CommonOptions

        func run() throws {
            let source = try ResultSource(
                tenant: tenant, db: db, at: Instant.or(at), needs: .assessments, stream: results.source, listing: true,
                logger: common.logger())
            UnevaluatedPolicies.print(source.unevaluatedNote)
            let assessments = source.assessments.filter { $0.matches(cause: cause, status: status) }
            print(
                AssessmentOutput(assessments: assessments, shapes: AzureShapes(catalog: source.catalog)).render(format))
        }
    }
}
