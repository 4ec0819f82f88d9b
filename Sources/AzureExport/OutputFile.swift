import Foundation
import JSONCore

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// A new file written through a buffer, readable by its owner only (0600): exported tenants hold
/// an organisation's inventory.
final class OutputFile {
    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private static let flushSize = 1 << 20

    /// Creates the file (it must not exist yet) with mode 0600.
    init(path: String) throws(AzureExportError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AzureExportError(
                .io, call: path, message: "cannot create the file (\(String(cString: strerror(errno))))")
        }
        buffer.reserveCapacity(Self.flushSize * 2)
    }

    deinit { close(descriptor) }

    func write(_ bytes: some Sequence<UInt8>) throws(AzureExportError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushSize { try flush() }
    }

    func write(_ text: String) throws(AzureExportError) {
        try write(text.utf8)
    }

    /// Writes out the buffer and asks the system to put the file on disk.
    func finish() throws(AzureExportError) {
        try flush()
        guard fsync(descriptor) == 0 else {
            throw AzureExportError(
                .io, call: path, message: "cannot sync the file (\(String(cString: strerror(errno))))")
        }
    }

    private func flush() throws(AzureExportError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw AzureExportError(
                    .io, call: path, message: "cannot write the file (\(String(cString: strerror(errno))))")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// An array of JSON rows streamed into a file inside an envelope (`{"data": [...]}`, `{"value": [...]}`
/// or a bare array), one page at a time, so a 100,000-row table never sits in memory whole.
final class RowFile {
    private let file: OutputFile
    private let suffix: String
    private(set) var count = 0
    private var scratch: [UInt8] = []

    /// `envelope` is "data", "value", or nil for a bare array.
    init(path: String, envelope: String?) throws(AzureExportError) {
        file = try OutputFile(path: path)
        if let envelope {
            try file.write("{\"\(envelope)\": [\n")
            suffix = "\n]}\n"
        } else {
            try file.write("[\n")
            suffix = "\n]\n"
        }
    }

    func append(_ row: JSONValue) throws(AzureExportError) {
        scratch.removeAll(keepingCapacity: true)
        if count > 0 { scratch.append(contentsOf: ",\n".utf8) }
        JSONWriter(pretty: false).write(row, into: &scratch)
        try file.write(scratch)
        count += 1
    }

    func finish() throws(AzureExportError) {
        try file.write(suffix)
        try file.finish()
    }
}
