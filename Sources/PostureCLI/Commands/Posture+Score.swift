import ArgumentParser
import Defender
import Foundation
import History
import JSONCore
import PolicyModel

extension Posture {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The secure score: at an instant (show, the default), between two instants (delta), over time (trend).",
            subcommands: [Show.self, Delta.self, Trend.self], defaultSubcommand: Show.self)
    }
}

extension Posture.Score {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute the secure score of a tenant at an instant, per subscription and control.")

        @Argument(help: "The tenant directory (evaluated on the spot; omit it with --db).")
        var tenant: String?

        @Option(help: "Read the score visible at --at from this history database instead of evaluating.")
        var db: String?

        @Option(help: "The instant to evaluate at (ISO 8601); default: now.")
        var at: Instant?

        @Option(help: "Output format: table, json (secureScores and secureScoreControls) or csv.")
        var format: OutputFormat = .table

        @Option(help: "A subscription id or management group id to score; default: every subscription.")
        var scope: String?

        @Flag(help: "Score per owning team (owners.json) instead of per subscription.")
        var byTeam = false

        @OptionGroup var results: SourceOption

        @OptionGroup var common: CommonOptions

        func run() throws {
            let source = try ResultSource(
                tenant: tenant, db: db, at: Instant.or(at), needs: byTeam ? [.assessments, .resources] : .assessments,
                stream: results.source, logger: common.logger())
            if let db, source.storedScores == nil {
                try Self.refuseNoScore(db: db, at: source.at, stream: results.source)
            }
            UnevaluatedPolicies.print(source.unevaluatedNote)
            let mitigated = source.tenant.settings.mitigatedExemptions
            let calculator = ScoreCalculator(catalog: source.catalog, mitigated: mitigated)
            let subscriptions =
                try scope.map { try ScopeFilter.subscriptions($0, in: source.tenant) }
                ?? source.tenant.subscriptions.map(\.subscriptionId)
            let score = calculator.score(source.assessments, stored: source.storedScores, subscriptions: subscriptions)
            if byTeam {
                print(TeamOutput(teams: calculator.teamScores(score.assessments, tenant: source.tenant)).render(format))
                return
            }
            var output = ScoreOutput(
                scores: score.scores, increases: calculator.potentialIncreases(score.assessments),
                shapes: AzureShapes(catalog: source.catalog),
                aggregateScope: scope.flatMap { ResourceID($0).managementGroup != nil ? $0 : nil })
            output.names = source.tenant.subscriptionNames
            print(output.render(format))
        }

        /// A history with no score computation visible at `at` has no score to print (not 0%): exit 2,
        /// saying when the first one became visible, or how to record one.
        static func refuseNoScore(db: String, at: Date, stream: ResultStream) throws -> Never {
            let store = try HistoryDatabase.reading(db, stream: stream)
            let first = try store.cycles().filter { $0.kind == .score }.map(\.visibleAt).min()
            let source = stream == .observed ? "observed " : ""
            let hint =
                first.map { "the first became visible at \(ISO8601.format($0))" }
                ?? (stream == .observed
                    ? "the history holds none; record Azure's with `posture ingest scores`"
                    : "the history holds none; run `posture run`")
            throw CommandError.badInput(
                "posture: \(db): no \(source)secure score was visible yet at \(ISO8601.format(at)); \(hint)")
        }
    }
}

/// Turns a `--scope` (a subscription id or GUID, or a management group id or name) into subscriptions.
enum ScopeFilter {
    static func subscriptions(_ scope: String, in tenant: Tenant) throws -> [String] {
        let id = ResourceID(scope.hasPrefix("/") ? scope : "/subscriptions/" + scope)
        if let group = ResourceID(scope).managementGroup
            ?? tenant.managementGroups.first(where: { $0.name.equalsIgnoringASCIICase(scope) })?.name
        {
            let groupId = ResourceID("/providers/Microsoft.Management/managementGroups/" + group)
            return tenant.subscriptions.filter { tenant.isUnder($0.id, groupId) }.map(\.subscriptionId)
        }
        let named = tenant.subscriptions.filter { $0.displayName.equalsIgnoringASCIICase(scope) }
        if named.count > 1 {
            throw CommandError.usage(
                "posture: --scope '\(scope)' names \(named.count) subscriptions; give the subscription id")
        }
        guard let subscription = tenant.subscriptions.first(where: { $0.id == id }) ?? named.first else {
            throw CommandError.usage(
                "posture: --scope '\(scope)' is neither a subscription (id or display name) "
                    + "nor a management group of the tenant")
        }
        return [subscription.subscriptionId]
    }
}
