import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files a command writes (`--svg`, the report's pages): written whole beside the target, then
/// renamed over it, so a reader never sees half a file. Only a regular file is ever replaced: a
/// device, a folder or a pipe at the path is refused, and a symbolic link is followed to its file.
enum OutputFile {
    /// Writes `text` to `path`, or throws an I/O error (exit 74) naming the path.
    static func write(_ text: String, to path: String) throws {
        var target = path
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw CommandError.io("posture: \(path): not a regular file; refusing to replace it")
            }
            if let real = realpath(path, nil) {
                target = String(cString: real)
                free(real)
            }
        }
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\((target as NSString).lastPathComponent).\(getpid()).tmp"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary), options: .withoutOverwriting)
        } catch {
            throw CommandError.io("posture: \(path): cannot write: \(Self.reason(error))")
        }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CommandError.io("posture: \(path): cannot write: \(reason)")
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain, let code = Int32(exactly: underlying.code)
        {
            return String(cString: strerror(code))
        }
        return (error as NSError).localizedDescription
    }
}
