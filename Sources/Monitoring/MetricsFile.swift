import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A textfile for node_exporter, replaced atomically: written to a temporary file in the same folder,
/// synced, then renamed over the old one, so the collector never reads half a file.
package struct MetricsFile: Sendable {
    package let path: String

    package init(_ path: String) {
        self.path = path
    }

    /// Why a metrics file could not be written.
    package struct WriteError: Error, CustomStringConvertible {
        package var description: String
    }

    package func write(_ text: String) throws(WriteError) {
        // Only a regular file is replaced: a device, a pipe or a folder at the path is refused.
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw WriteError(description: "\(path): not a regular file; --metrics replaces only a regular file")
        }
        // node_exporter reads only *.prom; a temporary name without that suffix is never collected.
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                close(fd)
                unlink(temporary)
                throw failure("cannot write \(temporary)")
            }
            offset += n
        }
        guard fsync(fd) == 0, close(fd) == 0 else {
            unlink(temporary)
            throw failure("cannot sync \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
    }

    /// The last success time a previous file recorded, so a failed run keeps reporting it.
    package func previousLastSuccess() -> Date? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("posture_last_success_timestamp_seconds ") {
            if let value = Double(line.split(separator: " ").last ?? ""), value.isFinite, value >= 0 {
                return Date(timeIntervalSince1970: value)
            }
        }
        return nil
    }

    private func failure(_ what: String) -> WriteError {
        WriteError(description: "\(path): \(what) (\(String(cString: strerror(errno))))")
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif
