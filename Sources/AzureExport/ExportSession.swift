import Foundation
import JSONCore
import Logging

/// One export in progress: the calls in order, each page parsed and streamed into its file.
struct ExportSession {
    let exporter: AzureExporter
    let folder: URL
    var report = ExportReport()
    /// Subscriptions seen in `resourcecontainers`, for the per-subscription observed calls.
    var subscriptions: [String] = []
    /// Assessment keys whose recommendation is computed from a policy's states: Defender does not evaluate
    /// those by itself, so their assessments are not findings.
    var policyBackedKeys: Set<String> = []

    init(exporter: AzureExporter, folder: URL) {
        self.exporter = exporter
        self.folder = folder
    }

    mutating func run() async throws(AzureExportError) {
        let scope = exporter.scope
        var found: [String] = []
        try await graphTable("resourcecontainers", into: "resourcecontainers.json") { row in
            if row["type"]?.stringValue?.lowercased() == "microsoft.resources/subscriptions",
                let id = row["subscriptionId"]?.stringValue ?? row["id"]?.stringValue.map({ ResourceIDText.last($0) })
            {
                found.append(id)
            }
            return true
        }
        subscriptions = found
        try await graphTable("resources", into: "resources.json")
        try makeFolder("definitions")
        // Policies that read Defender's own assessments (AuditIfNotExists over Microsoft.Security/assessments):
        // their recommendations are evaluated by Defender itself (DOMAIN: the two-way integration).
        var readers = Set<String>()
        try await policyList("definition", into: "definitions/policies.json", calls: definitionCalls("definition")) {
            row in
            if let id = row["id"]?.stringValue, Self.readsAssessments(row) { readers.insert(id.lowercased()) }
        }
        try await policyList(
            "set-definition", into: "definitions/initiatives.json", calls: definitionCalls("set-definition"))
        try makeFolder("assignments")
        try await policyList(
            "assignment", into: "assignments/assignments.json",
            calls: scope.policyScopes.map { AzureCall.scoped("assignment", scope: $0) })
        try makeFolder("exemptions")
        try await policyList(
            "exemption", into: "exemptions/exemptions.json",
            calls: scope.policyScopes.map { AzureCall.scoped("exemption", scope: $0) })
        try await wholeDocument(.providerAliases, into: "aliases.json")
        var backed = Set<String>()
        try await restList(
            "/providers/Microsoft.Security/assessmentMetadata?api-version=2021-06-01", into: "recommendations.json"
        ) { row in
            if let key = row["name"]?.stringValue,
                let definition = row["properties"]?.objectValue?["policyDefinitionId"]?.stringValue,
                !definition.isEmpty,
                !readers.contains(definition.lowercased())
            {
                backed.insert(key.lowercased())
            }
            return true
        }
        policyBackedKeys = backed
        try await restList(
            "/providers/Microsoft.Security/secureScoreControlDefinitions?api-version=2020-01-01",
            into: "controls.json")
        try await assessments()
        if exporter.observed { try await observedFiles() }
    }

    // MARK: - The calls

    private func definitionCalls(_ noun: String) -> [AzureCall] {
        switch exporter.scope {
        case .managementGroup: [AzureCall.definitions(noun, scope: exporter.scope, at: 0)]
        case .subscriptions(let ids): ids.indices.map { AzureCall.definitions(noun, scope: exporter.scope, at: $0) }
        }
    }

    /// Defender's assessments: those it evaluates by itself go to `findings.json`; with `observed`, all of them
    /// also go to `observed/assessments.json`.
    private mutating func assessments() async throws(AzureExportError) {
        let findings = try RowFile(path: path("findings.json"), envelope: "data")
        var all: RowFile?
        if exporter.observed {
            try makeFolder("observed")
            all = try RowFile(path: path("observed/assessments.json"), envelope: "data")
        }
        let backed = policyBackedKeys
        try await pagedGraph(
            "securityresources | where type == 'microsoft.security/assessments'",
            file: "findings.json"
        ) { row throws(AzureExportError) in
            try all?.append(row)
            guard let key = row["name"]?.stringValue, !backed.contains(key.lowercased()) else { return }
            try findings.append(row)
        }
        try findings.finish()
        report.files.append(("findings.json", findings.count))
        if let all {
            try all.finish()
            report.files.append(("observed/assessments.json", all.count))
        }
    }

    private mutating func observedFiles() async throws(AzureExportError) {
        try makeFolder("observed/securescores")
        try makeFolder("observed/securescorecontrols")
        let ids = subscriptionsToObserve
        for id in ids {
            try await restList(
                "/subscriptions/\(id)/providers/Microsoft.Security/secureScores?api-version=2020-01-01",
                into: "observed/securescores/\(id).json")
            try await restList(
                "/subscriptions/\(id)/providers/Microsoft.Security/secureScoreControls"
                    + "?api-version=2020-01-01&$expand=definition",
                into: "observed/securescorecontrols/\(id).json")
        }
        try await graphTable(
            "policyresources | where type == 'microsoft.policyinsights/policystates'",
            into: "observed/policystates.json")
    }

    private var subscriptionsToObserve: [String] {
        var seen = Set<String>()
        let ids: [String]
        switch exporter.scope {
        case .managementGroup: ids = subscriptions
        case .subscriptions(let list): ids = list
        }
        // Only a GUID-like name goes into a URL path.
        return ids.filter { id in
            id.allSatisfy { $0.isHexDigit || $0 == "-" } && !id.isEmpty && seen.insert(id.lowercased()).inserted
        }
    }

    // MARK: - Resource Graph

    /// A whole table into one `{"data": [...]}` file; `keep` sees each row first.
    private mutating func graphTable(
        _ query: String, into file: String, keep: (JSONObject) -> Bool = { _ in true }
    ) async throws(AzureExportError) {
        let rows = try RowFile(path: path(file), envelope: "data")
        try await pagedGraph(query, file: file) { row throws(AzureExportError) in
            if let object = row.objectValue, !keep(object) { return }
            try rows.append(row)
        }
        try rows.finish()
        report.files.append((file, rows.count))
    }

    /// Pages through `az graph query` until no `skip_token`, handing each row to `take`, then checks that
    /// the rows add up to `total_records`.
    private mutating func pagedGraph(
        _ query: String, file: String, take: (JSONValue) throws(AzureExportError) -> Void
    ) async throws(AzureExportError) {
        var token: String?
        var rows = 0
        var pages = 0
        var expected: Int?
        var seenTokens = Set<String>()
        repeat {
            let call = AzureCall.graphQuery(query, scope: exporter.scope, first: exporter.pageSize, skipToken: token)
            let document = try await json(call)
            let started = ContinuousClock.now
            guard let page = document.objectValue, let data = page["data"]?.arrayValue else {
                throw AzureExportError(
                    .unavailable, call: call.description,
                    message:
                        "expected {\"count\", \"data\", \"skip_token\", \"total_records\"}, found \(document.typeName)")
            }
            if let total = page["total_records"]?.numberValue {
                guard let exact = Int(exactly: total), exact >= 0 else {
                    throw AzureExportError(
                        .unavailable, call: call.description,
                        message: "total_records is not a count: \(total)")
                }
                expected = exact
            }
            for row in data { try take(row) }
            rows += data.count
            pages += 1
            token = page["skip_token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            if let next = token, !seenTokens.insert(next).inserted {
                throw AzureExportError(
                    .unavailable, call: call.description,
                    message: "az returned the same skip_token twice; paging would not end")
            }
            report.ownTime += ContinuousClock.now - started
            report.pages += 1
            exporter.progress(ExportProgress(file: file, pages: pages, rows: rows, expected: expected))
        } while token != nil
        guard let expected else {
            throw AzureExportError(
                .unavailable, call: "az graph query -q \"\(query)\"",
                message: "no total_records in the output, so the rows cannot be checked")
        }
        guard rows == expected else {
            throw AzureExportError(
                .truncated, call: "az graph query -q \"\(query)\"",
                message: "truncated: \(rows) rows over \(pages) pages, total_records says \(expected)")
        }
        exporter.logger.info("exported", metadata: ["file": "\(file)", "rows": "\(rows)", "pages": "\(pages)"])
    }

    // MARK: - Lists

    /// Policy objects from one or more `az policy … list` calls (an array each), merged into one array file
    /// with each id once (built-ins come back from every subscription).
    private mutating func policyList(
        _ noun: String, into file: String, calls: [AzureCall], inspect: (JSONObject) -> Void = { _ in }
    ) async throws(AzureExportError) {
        let rows = try RowFile(path: path(file), envelope: nil)
        var seen = Set<String>()
        for call in calls {
            let document = try await json(call)
            let started = ContinuousClock.now
            guard let items = document.arrayValue ?? document.objectValue?["value"]?.arrayValue else {
                throw AzureExportError(
                    .unavailable, call: call.description,
                    message: "expected a JSON array of policy \(noun)s, found \(document.typeName)")
            }
            for item in items {
                if let id = item.objectValue?["id"]?.stringValue, !seen.insert(id.lowercased()).inserted { continue }
                if let object = item.objectValue { inspect(object) }
                try rows.append(item)
            }
            report.ownTime += ContinuousClock.now - started
            exporter.progress(ExportProgress(file: file, pages: 1, rows: rows.count, expected: nil))
        }
        try rows.finish()
        report.files.append((file, rows.count))
    }

    /// A REST list through `az rest`, following `nextLink` (which `az rest` does not) into one `{"value": [...]}` file.
    private mutating func restList(
        _ pathAndQuery: String, into file: String, keep: (JSONObject) -> Bool = { _ in true }
    ) async throws(AzureExportError) {
        let rows = try RowFile(path: path(file), envelope: "value")
        var url: String? = exporter.endpoint + pathAndQuery
        var visited = Set<String>()
        var pages = 0
        while let next = url {
            guard visited.insert(next).inserted else {
                throw AzureExportError(
                    .unavailable, call: AzureCall.rest(next).description,
                    message: "nextLink points back to a page already read; paging would not end")
            }
            let call = AzureCall.rest(next)
            let document = try await json(call)
            let started = ContinuousClock.now
            guard let page = document.objectValue, let items = page["value"]?.arrayValue else {
                throw AzureExportError(
                    .unavailable, call: call.description,
                    message: "expected {\"value\": [...], \"nextLink\"}, found \(document.typeName)")
            }
            for item in items {
                if let object = item.objectValue, !keep(object) { continue }
                try rows.append(item)
            }
            url = page["nextLink"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            pages += 1
            report.pages += 1
            report.ownTime += ContinuousClock.now - started
            exporter.progress(ExportProgress(file: file, pages: pages, rows: rows.count, expected: nil))
        }
        try rows.finish()
        report.files.append((file, rows.count))
    }

    /// One call's output written as it came, once it parses as JSON.
    private mutating func wholeDocument(_ call: AzureCall, into file: String) async throws(AzureExportError) {
        let bytes = try await output(call)
        let started = ContinuousClock.now
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch {
            throw AzureExportError(.unavailable, call: call.description, message: "output is not JSON: \(error)")
        }
        let out = try OutputFile(path: path(file))
        try out.write(bytes)
        try out.finish()
        report.ownTime += ContinuousClock.now - started
        report.files.append((file, document.arrayValue?.count ?? 1))
    }

    // MARK: - Running az

    /// A call's output parsed as JSON.
    private mutating func json(_ call: AzureCall) async throws(AzureExportError) -> JSONValue {
        let bytes = try await output(call)
        let started = ContinuousClock.now
        defer { report.ownTime += ContinuousClock.now - started }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw AzureExportError(.unavailable, call: call.description, message: "output is not JSON: \(error)")
        }
    }

    /// Runs a call, retrying throttling with backoff and jitter up to the policy's attempts.
    private mutating func output(_ call: AzureCall) async throws(AzureExportError) -> [UInt8] {
        var attempt = 1
        while true {
            report.calls += 1
            let started = ContinuousClock.now
            do {
                let bytes = try await exporter.runner.run(call)
                report.azTime += ContinuousClock.now - started
                return bytes
            } catch let failure as AzureCLIFailure {
                report.azTime += ContinuousClock.now - started
                guard failure.isThrottling else {
                    throw AzureExportError(.unavailable, call: call.description, message: failure.message)
                }
                guard attempt < exporter.retry.attempts else {
                    throw AzureExportError(
                        .throttled, call: call.description,
                        message: "still throttled after \(attempt) attempts: \(failure.message)")
                }
                let delay = exporter.retry.delay(beforeRetry: attempt)
                exporter.logger.notice("throttled; retrying", metadata: ["call": "\(call)", "after": "\(delay)"])
                do { try await exporter.retry.sleep(delay) } catch {
                    throw AzureExportError(
                        .throttled, call: call.description, message: "interrupted while waiting to retry")
                }
                attempt += 1
                report.retries += 1
            } catch {
                throw AzureExportError(.unavailable, call: call.description, message: "\(error)")
            }
        }
    }

    /// Whether a policy definition's rule checks for a related `Microsoft.Security/assessments` resource.
    static func readsAssessments(_ definition: JSONObject) -> Bool {
        let then = definition["properties"]?.objectValue?["policyRule"]?.objectValue?["then"]?.objectValue
        let type = then?["details"]?.objectValue?["type"]?.stringValue
        return type?.lowercased() == "microsoft.security/assessments"
    }

    // MARK: - Files

    private func path(_ relative: String) -> String {
        folder.appendingPathComponent(relative).path
    }

    private func makeFolder(_ relative: String) throws(AzureExportError) {
        do {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(relative), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw AzureExportError(
                .io, call: path(relative), message: "cannot create the folder (\(error.localizedDescription))")
        }
    }
}

/// The last segment of an Azure id (`/subscriptions/X` → `X`).
enum ResourceIDText {
    static func last(_ id: String) -> String {
        String(id.split(separator: "/").last ?? "")
    }
}
