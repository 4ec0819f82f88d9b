import Foundation
import JSONCore
import Logging
import PolicyModel

/// A tenant directory on disk: Azure's own JSON, laid out as README.md describes.
///
///     resourcecontainers.json   Resource Graph `resourcecontainers`
///     resources.json            Resource Graph `resources`
///     definitions/**/*.json     policy definitions and initiatives
///     assignments/**/*.json     policy assignments
///     exemptions/**/*.json      policy exemptions (optional)
///     aliases.csv[.gz] | aliases.json
///     recommendations.json      Microsoft.Security/assessmentMetadata
///     controls.json             Microsoft.Security/secureScoreControlDefinitions
///     findings.json             Microsoft.Security/assessments Defender evaluated itself (optional)
///     owners.json               teams responsible for resource types and categories (optional)
///     settings.json             choices between documented readings, e.g. mitigatedExemptions (optional)
///
/// A required file or folder that is missing is the one problem reported: the rest of the tenant is
/// not read, so no error that follows from the absence (unknown subscriptions, unknown definitions)
/// hides it.
package struct TenantDirectory: Sendable {
    /// The directory.
    package let url: URL

    package init(_ path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true)
    }

    package init(url: URL) {
        self.url = url
    }

    /// The files every tenant has; without one of them policy states or scores would be silently wrong.
    package static let requiredFiles = [
        "resourcecontainers.json", "resources.json", "recommendations.json", "controls.json",
    ]
    /// The folders every tenant has (each may hold any number of files).
    package static let requiredFolders = ["definitions", "assignments"]

    /// Loads and validates everything; throws every problem found, one line each. Large files
    /// (`resources.json`) are parsed on `threads` threads.
    package func load(
        logger: Logger = Logger(label: "posture.tenant"), threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(InputError) -> Tenant {
        var builder = TenantBuilder()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError([Diagnostic(file: url.path, path: .root, message: "no such tenant directory")])
        }
        let clock = ContinuousClock()
        let start = clock.now
        let files = TenantFiles(root: url, threads: threads)
        try requireFiles()

        if let document = files.json("resourcecontainers.json", required: true, into: builder) {
            builder.addResourceContainers(document, file: "resourcecontainers.json")
        }
        // Each row is lifted into a resource with its row compact as soon as it is parsed.
        let rows = ResourceRow.sink()
        if let document = files.json("resources.json", required: true, into: builder, rows: rows) {
            builder.addResources(document, file: "resources.json", taken: rows)
        }
        logger.debug("read inventory", metadata: ["elapsed": "\(clock.now - start)"])
        for file in files.jsonFiles(under: "definitions", into: builder) {
            if let document = files.json(file, required: true, into: builder) {
                builder.addDefinitions(document, file: file)
            }
        }
        for file in files.jsonFiles(under: "assignments", into: builder) {
            if let document = files.json(file, required: true, into: builder) {
                builder.addAssignments(document, file: file)
            }
        }
        for file in files.jsonFiles(under: "exemptions", into: builder) {
            if let document = files.json(file, required: true, into: builder) {
                builder.addExemptions(document, file: file)
            }
        }
        if let table = files.aliases(into: builder) { builder.addAliases(table) }
        if let document = files.json("recommendations.json", required: true, into: builder) {
            builder.addRecommendations(document, file: "recommendations.json")
        }
        if let document = files.json("controls.json", required: true, into: builder) {
            builder.addControls(document, file: "controls.json")
        }
        if let document = files.json("findings.json", required: false, into: builder) {
            builder.addFindings(document, file: "findings.json")
        }
        if let document = files.json("owners.json", required: false, into: builder) {
            builder.addOwnership(document, file: "owners.json")
        }
        if let document = files.json("settings.json", required: false, into: builder) {
            builder.addSettings(document, file: "settings.json")
        }
        let tenant = try builder.build()
        logger.debug(
            "loaded tenant", metadata: ["elapsed": "\(clock.now - start)", "resources": "\(tenant.resources.count)"])
        return tenant
    }

    /// Throws one line per required file or folder that is missing (or a broken link, or not a file).
    private func requireFiles() throws(InputError) {
        var missing: [Diagnostic] = []
        for name in Self.requiredFiles {
            let entry = FileEntry(path: url.appendingPathComponent(name).path)
            if entry == .missing || entry == .directory || entry.isBrokenLink {
                let message = entry == .missing ? "required file missing" : entry.problem ?? ""
                missing.append(Diagnostic(file: name, path: .root, message: message))
            }
        }
        for name in Self.requiredFolders {
            let entry = FileEntry(path: url.appendingPathComponent(name).path)
            guard entry != .directory else { continue }
            let message =
                entry == .missing ? "required folder missing" : entry.problem.map { "\($0), not a folder" } ?? ""
            missing.append(Diagnostic(file: name + "/", path: .root, message: message))
        }
        if !missing.isEmpty { throw InputError(missing) }
    }
}
