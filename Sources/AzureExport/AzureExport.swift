import Foundation
import Logging
import PolicyModel
import TenantIO

/// An export from start to finish: into a temporary folder, checked with the loader `posture validate`
/// uses, then swapped into place.
package enum AzureExport {
    /// Exports into `destination`; on any failure the previous export is left as it was.
    /// `nonce` names the temporary folder (e.g. the process id), `now` names an archived previous export.
    package static func run(
        _ exporter: AzureExporter, to destination: ExportDestination, nonce: String, now: Date
    ) async throws(AzureExportError) -> (report: ExportReport, tenant: Tenant) {
        let folder = try destination.prepare(nonce: nonce)
        do throws(AzureExportError) {
            let report = try await exporter.export(into: folder)
            let tenant: Tenant
            do {
                tenant = try TenantDirectory(url: folder).load(logger: exporter.logger)
            } catch {
                let lines = error.diagnostics.prefix(20).map(\.description)
                let more = error.diagnostics.count > 20 ? "\n… and \(error.diagnostics.count - 20) more" : ""
                throw AzureExportError(
                    .invalidExport, call: destination.target.path,
                    message: "the export does not load, the previous one is kept:\n" + lines.joined(separator: "\n")
                        + more)
            }
            try destination.commit(folder, at: now)
            return (report, tenant)
        } catch {
            destination.discard(folder)
            throw error
        }
    }
}
