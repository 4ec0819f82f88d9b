import ArgumentParser
import Defender
import Foundation
import History
import JSONCore
import PolicyModel

extension Posture {
    struct Compliance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regulatory compliance: each assigned standard's controls and assessments, passed, failed, "
                + "skipped or unsupported, and the resources behind them.")

        /// Output formats of `compliance`: `json` is Defender's API, `detail-json` lists the resources.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json, detailJSON = "detail-json", csv
        }

        /// One of the API's three lists, printed alone as its list page.
        enum Level: String, ExpressibleByArgument, CaseIterable {
            case standards, controls, assessments
        }

        @Argument(help: "The tenant directory (evaluated on the spot; omit it with --db).")
        var tenant: String?

        @Option(help: "Read the states visible at --at from this history database instead of evaluating.")
        var db: String?

        @Option(help: "The instant (ISO 8601); default: now.")
        var at: Instant?

        @Option(
            help: """
                table; json: Defender's regulatoryComplianceStandards, regulatoryComplianceControls and \
                regulatoryComplianceAssessments lists per subscription; detail-json: per standard and control, the \
                resources behind each state; csv.
                """)
        var format: Format = .table

        @Option(help: "With --format json, print only this API list page: standards, controls or assessments.")
        var level: Level?

        @OptionGroup var results: SourceOption

        @OptionGroup var common: CommonOptions

        func validate() throws {
            if level != nil && format != .json { throw ValidationError("--level needs --format json") }
        }

        func run() throws {
            if results.source == .observed { return try runObserved() }
            let source = try ResultSource(tenant: tenant, db: db, at: Instant.or(at), logger: common.logger())
            UnevaluatedPolicies.print(source.unevaluatedNote)
            let states = source.results.states
            let catalog = source.catalog
            let standards = { RegulatoryCompliance.standards(tenant: source.tenant, states: states, catalog: catalog) }
            switch format {
            case .json:
                let subscriptions = RegulatoryCompliance.bySubscription(
                    tenant: source.tenant, states: states, catalog: catalog)
                let lists = AzureShapes(catalog: catalog).regulatoryCompliance(subscriptions)
                print(ComplianceOutput.render(lists, level: level))
            case .detailJSON: print(ComplianceOutput(standards: standards()).detailJSON)
            case .csv: print(ComplianceOutput(standards: standards()).csv)
            case .table: print(ComplianceOutput(standards: standards()).table)
            }
        }

        /// What Defender's lists showed at --at (`posture ingest compliance`), in the same shapes.
        private func runObserved() throws {
            guard let db, tenant == nil else {
                throw CommandError.usage("posture: --source observed reads a history; give --db DB and no tenant")
            }
            if format == .detailJSON {
                throw CommandError.usage(
                    "posture: --format detail-json lists the resources behind each state, which Azure's lists do not "
                        + "carry; use --format json, table or csv")
            }
            let store = try HistoryDatabase.reading(db, stream: .observed)
            let at = Instant.or(self.at)
            let shown: (cycle: Cycle, items: [ObservedComplianceItem])?
            do {
                try HistoryDatabase.requireRecorded(at, option: "--at", in: store)
                shown = try store.observedCompliance(visibleAt: at)
            } catch {
                throw CommandError(error, file: db)
            }
            guard let shown else {
                throw CommandError.badInput(
                    "posture: \(db): no observed regulatory compliance is visible at \(ISO8601.format(at)); "
                        + "record it with `posture ingest compliance`")
            }
            switch format {
            case .json: print(ComplianceOutput.render(RegulatoryComplianceLists(observed: shown.items), level: level))
            case .csv: print(ComplianceOutput.observedCSV(shown.items))
            case .table, .detailJSON: print(ComplianceOutput.observedTable(shown.items, cycle: shown.cycle))
            }
        }
    }
}
