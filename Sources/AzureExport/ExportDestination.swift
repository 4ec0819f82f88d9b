import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an export lands, safely: a sibling temporary folder is filled and checked, then swapped into
/// place; the previous export is kept until the new one is there, then archived (up to `keep` of them)
/// or removed. A failed or interrupted export never replaces the last good one.
package struct ExportDestination: Sendable {
    /// The tenant directory other commands read.
    package let target: URL
    /// Previous exports kept in `<target>.exports/<UTC time it was replaced>/`; 0 keeps none.
    package var keep: Int

    package init(_ path: String, keep: Int = 0) {
        target = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        self.keep = max(0, keep)
    }

    private var parent: URL { target.deletingLastPathComponent() }
    private var name: String { target.lastPathComponent }
    /// Where the live export is moved during the swap; found there after a crash mid-swap, it is moved back.
    var previous: URL { parent.appendingPathComponent(".\(name).previous") }
    var archive: URL { parent.appendingPathComponent("\(name).exports") }

    /// The file every export holds, so that an export replaces only an earlier export (or nothing).
    package static let marker = ".posture-export"

    /// Recovers an interrupted swap, clears stale temporary folders, and makes a new empty one (0700)
    /// holding the export marker. Refuses a target that is not an earlier export or an empty folder.
    package func prepare(nonce: String) throws(AzureExportError) -> URL {
        let fm = FileManager.default
        if !fm.fileExists(atPath: target.path) && fm.fileExists(atPath: previous.path) {
            try move(previous, to: target)
        }
        try checkReplaceable()
        let prefix = ".\(name).export-"
        if let stale = try? fm.contentsOfDirectory(atPath: parent.path) {
            for entry in stale where entry.hasPrefix(prefix) {
                try? fm.removeItem(at: parent.appendingPathComponent(entry))
            }
        }
        let folder = parent.appendingPathComponent(prefix + nonce, isDirectory: true)
        do {
            try fm.createDirectory(
                at: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.createDirectory(
                at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw AzureExportError(
                .io, call: folder.path, message: "cannot create the folder (\(error.localizedDescription))")
        }
        let marker = folder.appendingPathComponent(Self.marker).path
        guard
            fm.createFile(
                atPath: marker, contents: Data("written by posture export\n".utf8),
                attributes: [.posixPermissions: 0o600])
        else { throw AzureExportError(.io, call: marker, message: "cannot create the export marker") }
        return folder
    }

    /// What is at the target may be replaced: nothing, an empty folder, or an earlier export.
    private func checkReplaceable() throws(AzureExportError) {
        var status = stat()
        guard lstat(target.path, &status) == 0 else { return }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? []
        guard status.st_mode & S_IFMT == S_IFDIR, contents.isEmpty || contents.contains(Self.marker) else {
            throw AzureExportError(
                .io, call: target.path,
                message: "exists and is not an earlier export (no \(Self.marker) in it); give a new or empty folder")
        }
    }

    /// Puts a checked export in place of the target. The previous one stays until the new one is in place.
    package func commit(_ folder: URL, at now: Date) throws(AzureExportError) {
        let fm = FileManager.default
        let hadPrevious = fm.fileExists(atPath: target.path)
        if hadPrevious {
            try? fm.removeItem(at: previous)
            try move(target, to: previous)
        }
        do {
            try move(folder, to: target)
        } catch {
            if hadPrevious { try? move(previous, to: target) }
            throw error
        }
        syncDirectory(parent)
        guard hadPrevious else { return }
        if keep > 0 {
            try archivePrevious(at: now)
        } else {
            try? fm.removeItem(at: previous)
        }
    }

    /// Removes a temporary folder after a failure.
    package func discard(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder)
    }

    private func archivePrevious(at now: Date) throws(AzureExportError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(
                at: archive, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw AzureExportError(
                .io, call: archive.path, message: "cannot create the folder (\(error.localizedDescription))")
        }
        var stamp = Self.stamp(now)
        var n = 1
        while fm.fileExists(atPath: archive.appendingPathComponent(stamp).path) {
            n += 1
            stamp = Self.stamp(now) + "-\(n)"
        }
        try move(previous, to: archive.appendingPathComponent(stamp))
        let kept = ((try? fm.contentsOfDirectory(atPath: archive.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for old in kept.dropLast(keep) { try? fm.removeItem(at: archive.appendingPathComponent(old)) }
    }

    /// `20261205T231500Z`: sorts by time, safe in a file name.
    static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String {
            let v = v ?? 0
            return v < 10 ? "0\(v)" : "\(v)"
        }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }

    private func move(_ from: URL, to: URL) throws(AzureExportError) {
        guard rename(from.path, to.path) == 0 else {
            throw AzureExportError(
                .io, call: to.path,
                message: "cannot move \(from.path) into place (\(String(cString: strerror(errno))))")
        }
    }

    /// Makes the renames durable.
    private func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
