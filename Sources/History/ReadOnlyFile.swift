import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether a database file may be written, and how SQLite is told that it never changes.
enum ReadOnlyFile {
    /// True when the file and its folder both carry a write permission bit and this process may
    /// write them. The permission bits count even for root, so `chmod 444` marks an archive.
    static func isWritable(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        return [path, folder.isEmpty ? "." : folder].allSatisfy { item in
            var info = stat()
            guard stat(item, &info) == 0 else { return false }
            return info.st_mode & 0o222 != 0 && access(item, W_OK) == 0
        }
    }

    /// `file:/absolute/path?mode=ro&immutable=1`: SQLite reads the file without locks and creates
    /// nothing beside it (https://www.sqlite.org/uri.html).
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var escaped = ""
        for scalar in absolute.unicodeScalars {
            switch scalar {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "file:" + escaped + "?mode=ro&immutable=1"
    }
}
