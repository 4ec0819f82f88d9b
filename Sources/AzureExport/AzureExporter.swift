import Foundation
import JSONCore
import Logging

/// Fills a folder with a tenant directory read from Azure through `az`: Resource Graph tables paged to
/// the end, policy objects, aliases, Defender metadata (following `nextLink`), and with `observed` what
/// Azure itself shows into `observed/`. Every page is written to disk as it arrives.
package struct AzureExporter: Sendable {
    package var runner: any AzureCommandRunner
    package var scope: ExportScope
    /// Also export what Azure shows: secure scores, controls, policy states and assessments.
    package var observed: Bool
    package var retry: RetryPolicy
    /// Rows asked for per Resource Graph page (`--first`, at most 1,000).
    package var pageSize: Int
    /// Azure Resource Manager's base URL for `az rest`.
    package var endpoint: String
    /// Told after every page: the file, pages and rows so far, and the rows expected when known.
    package var progress: @Sendable (ExportProgress) -> Void
    package var logger: Logger

    package init(
        runner: any AzureCommandRunner, scope: ExportScope, observed: Bool = false, retry: RetryPolicy = RetryPolicy(),
        pageSize: Int = 1000, endpoint: String = "https://management.azure.com",
        progress: @escaping @Sendable (ExportProgress) -> Void = { _ in },
        logger: Logger = Logger(label: "posture.export")
    ) {
        self.runner = runner
        self.scope = scope
        self.observed = observed
        self.retry = retry
        self.pageSize = min(max(pageSize, 1), 1000)
        self.endpoint = endpoint
        self.progress = progress
        self.logger = logger
    }

    /// Writes every file of the tenant directory into `folder` (which must exist and be empty).
    package func export(into folder: URL) async throws(AzureExportError) -> ExportReport {
        var session = ExportSession(exporter: self, folder: folder)
        try await session.run()
        return session.report
    }
}

/// Where an export is, for a progress line.
package struct ExportProgress: Sendable {
    package var file: String
    package var pages: Int
    package var rows: Int
    /// `total_records` of a Resource Graph table; nil for lists without a total.
    package var expected: Int?
}

/// What an export did: files and rows written, calls made, and where the time went.
package struct ExportReport: Sendable {
    /// Rows written per file, in the order written.
    package var files: [(path: String, rows: Int)] = []
    package var calls = 0
    package var retries = 0
    package var pages = 0
    /// Time spent waiting for `az` (process start to exit).
    package var azTime: Duration = .zero
    /// Time spent by the exporter itself: parsing pages and writing rows.
    package var ownTime: Duration = .zero

    /// Rows written in all.
    package var rows: Int { files.reduce(0) { $0 + $1.rows } }
}
