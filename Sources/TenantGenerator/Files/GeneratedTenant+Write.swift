import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension GeneratedTenant {
    /// A problem writing the tenant, as one sentence naming the path.
    package struct WriteFailure: Error, CustomStringConvertible {
        package var description: String
    }

    /// The file in which a written tenant lists its files, so that writing again removes what the new
    /// tenant no longer has (a stale `scenario.json`, another baseline's definitions).
    package static let manifestName = ".posture-generated"

    /// Writes every file under `directory`, creating folders as needed. Files with the same names are
    /// replaced; files the previous generation wrote there and this one does not are removed; other
    /// files are left alone. A tenant describes its weaknesses: the folders are created 0700 and the
    /// files 0600, whatever the umask.
    package func write(to directory: String) throws(WriteFailure) {
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        let written = Set(files.map(\.path))
        let manifest = root.appendingPathComponent(Self.manifestName)
        if let previous = try? String(contentsOf: manifest, encoding: .utf8) {
            for path in previous.split(separator: "\n").map(String.init) where !written.contains(path) {
                guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else { continue }
                unlink(root.appendingPathComponent(path).path)
            }
        }
        for file in files {
            try Self.write(file.bytes, to: root.appendingPathComponent(file.path))
        }
        let listing = files.map(\.path).joined(separator: "\n") + "\n"
        try Self.write(Array(listing.utf8), to: manifest)
    }

    /// Writes one file 0600, creating its folders 0700.
    private static func write(_ bytes: [UInt8], to url: URL) throws(WriteFailure) {
        do {
            try createFolders(url.deletingLastPathComponent())
        } catch {
            throw WriteFailure(
                description: "\(url.deletingLastPathComponent().path): cannot create the folder (\(error))")
        }
        let descriptor = open(url.path, O_CREAT | O_TRUNC | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw WriteFailure(description: "\(url.path): cannot write the file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                if count < 0, errno == EINTR { continue }
                throw WriteFailure(
                    description: "\(url.path): cannot write the file (\(String(cString: strerror(errno))))")
            }
            offset += count
        }
    }

    /// Creates `folder` and its missing parents 0700; folders that exist keep their modes.
    private static func createFolders(_ folder: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return
        }
        let parent = folder.deletingLastPathComponent()
        if parent.path != folder.path { try createFolders(parent) }
        guard mkdir(folder.path, 0o700) == 0 || errno == EEXIST else {
            throw WriteFailure(description: String(cString: strerror(errno)))
        }
        chmod(folder.path, 0o700)
    }

    /// The total size of the files, in bytes.
    package var byteCount: Int { files.reduce(0) { $0 + $1.bytes.count } }
}

/// `write(2)`, named apart from `GeneratedTenant.write`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
