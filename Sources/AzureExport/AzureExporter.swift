import Foundation
import JSONCore
import Logging

/// Fills a folder with a tenant directory read from Azure through `az`: Resource Graph tables paged to
/// the end, policy objects, aliases, Defender metadata (following `nextLink`), and with `observed` what
/// Azure itself shows into `observed/`. Every page is written to disk as it arrives.
public struct AzureExporter: Sendable {
    public var runner: any AzureCommandRunner
    public var scope: ExportScope
    /// Also export what Azure shows: secure scores, controls, policy states and assessments.
    public var observed: Bool
    public var retry: RetryPolicy
    /// Rows asked for per Resource Graph page (`--first`, at most 1,000).
    public var pageSize: Int
    /// Azure Resource Manager's base URL for `az rest`.
    public var endpoint: String
    /// Told after every page: the file, pages and rows so far, and the rows expected when known.
    public var progress: @Sendable (ExportProgress) -> Void
    public var logger: Logger

    public init(
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
    public func export(into folder: URL) async throws(AzureExportError) -> ExportReport {
        var session = ExportSession(exporter: self, folder: folder)
        try await session.run()
        return session.report
    }
}

/// Where an export is, for a progress line.
public struct ExportProgress: Sendable {
    public var file: String
    public var pages: Int
    public var rows: Int
    /// `total_records` of a Resource Graph table; nil for lists without a total.
    public var expected: Int?
}

/// What an export did: files and rows written, calls made, and where the time went.
public struct ExportReport: Sendable {
    /// Rows written per file, in the order written.
    public var files: [(path: String, rows: Int)] = []
    public var calls = 0
    public var retries = 0
    public var pages = 0
    /// Time spent waiting for `az` (process start to exit).
    public var azTime: Duration = .zero
    /// Time spent by the exporter itself: parsing pages and writing rows.
    public var ownTime: Duration = .zero

    /// Rows written in all.
    public var rows: Int { files.reduce(0) { $0 + $1.rows } }
}
