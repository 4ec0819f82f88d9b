import ArgumentParser
import AzureExport
import Foundation
import PolicyModel

extension Posture {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill a tenant directory from Azure through the Azure CLI (your `az login`).",
            discussion: """
                Pages every Resource Graph table to the end (checking the rows against total_records), lists the \
                policy objects, the aliases and Defender's metadata (following nextLink), and with --observed what \
                Azure shows (secure scores, controls, policy states, assessments) into DIR/observed. The export is \
                written beside DIR, checked as `posture validate` checks, then swapped into place: a failed export \
                leaves the previous one. Throttling is retried with backoff. Exit 69 when az fails, 75 when still \
                throttled, 2 when the export does not load, 74 on I/O errors.
                """)

        @Option(help: "The tenant directory to fill (replaced only by a complete, valid export).")
        var out: String

        @Option(name: .customLong("management-group"), help: "Export this management group and everything below it.")
        var managementGroup: String?

        @Option(name: .customLong("subscription"), help: "Export this subscription (repeat for several).")
        var subscriptions: [String] = []

        @Option(help: "The Azure CLI executable; default: `az` on PATH.")
        var az: String?

        @Flag(help: "Also export what Azure itself shows into DIR/observed/.")
        var observed = false

        @Option(help: "Previous exports to keep in DIR.exports/ (0: none).")
        var keep = 0

        @Flag(help: "Print nothing on success.")
        var quiet = false

        @OptionGroup var common: CommonOptions

        func validate() throws {
            if (managementGroup == nil) == subscriptions.isEmpty {
                throw ValidationError("give either --management-group or one or more --subscription")
            }
            if keep < 0 { throw ValidationError("--keep must be 0 or more") }
        }

        var scope: ExportScope {
            if let managementGroup { return .managementGroup(managementGroup) }
            return .subscriptions(subscriptions)
        }

        func run() async throws {
            let outcome = try await ExportStep(
                out: out, scope: scope, az: az, observed: observed, keep: keep, quiet: quiet, common: common
            ).perform()
            guard !quiet else { return }
            print(outcome.summary(into: out))
        }
    }
}

/// An export as the CLI runs it (for `export` and `nightly`): progress on a TTY, one error line, an exit code.
struct ExportStep {
    var out: String
    var scope: ExportScope
    var az: String?
    var observed: Bool
    var keep: Int
    var quiet: Bool
    var common: CommonOptions

    struct Outcome {
        var report: ExportReport
        var tenant: Tenant
        var elapsed: Duration

        func summary(into out: String) -> String {
            let seconds = elapsed.inSeconds
            let own = report.ownTime.inSeconds
            let perPage = report.pages > 0 ? own / Double(report.pages) * 1000 : 0
            return """
                exported \(report.rows) rows in \(report.files.count) files into \(out) \
                in \(String(format: "%.2f", seconds)) s: \
                \(report.pages) pages, \(report.calls) az calls, \(report.retries) retries; \
                az \(String(format: "%.2f", report.azTime.inSeconds)) s, \
                own \(String(format: "%.2f", own)) s (\(String(format: "%.1f", perPage)) ms a page)
                """
        }
    }

    func perform() async throws -> Outcome {
        let progress = ExportProgressLine(enabled: !quiet)
        let exporter = AzureExporter(
            runner: AzureCLI(executable: az), scope: scope, observed: observed,
            progress: { progress.show($0) }, logger: common.logger())
        let started = ContinuousClock.now
        do {
            let (report, tenant) = try await AzureExport.run(
                exporter, to: ExportDestination(out, keep: keep), nonce: "\(ProcessInfo.processInfo.processIdentifier)",
                now: WallClock.now())
            progress.finish()
            return Outcome(report: report, tenant: tenant, elapsed: ContinuousClock.now - started)
        } catch {
            progress.finish()
            throw CommandError(
                CommandError.Code(rawValue: error.exitCode) ?? .unavailable, "posture: export failed: \(error)")
        }
    }
}
