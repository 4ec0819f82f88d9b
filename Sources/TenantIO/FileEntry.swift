import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a path names, found with `lstat`/`stat` before anything opens it: a named pipe, a socket
/// or a device would block a read or never end, and a broken symbolic link deserves its own words.
enum FileEntry: Equatable {
    case regularFile
    case directory
    case missing
    /// A symbolic link whose target does not exist.
    case danglingLink(target: String)
    /// A symbolic link that leads back to itself.
    case linkLoop
    /// Anything else: a named pipe, a socket, a device.
    case special(kind: String)

    /// Classifies `path`, following symbolic links.
    init(path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            self = .missing
            return
        }
        if (status.st_mode & S_IFMT) == S_IFLNK {
            guard stat(path, &status) == 0 else {
                if errno == ELOOP {
                    self = .linkLoop
                } else {
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                    self = .danglingLink(target: target)
                }
                return
            }
        }
        self.init(mode: status.st_mode)
    }

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .special(kind: "a named pipe")
        case S_IFSOCK: self = .special(kind: "a socket")
        case S_IFCHR: self = .special(kind: "a character device")
        case S_IFBLK: self = .special(kind: "a block device")
        default: self = .special(kind: "not a regular file")
        }
    }

    /// Whether the entry is a symbolic link that leads nowhere.
    var isBrokenLink: Bool {
        switch self {
        case .danglingLink, .linkLoop: true
        default: false
        }
    }

    /// Why the entry cannot be read as a file; nil for a regular file.
    var problem: String? {
        switch self {
        case .regularFile: nil
        case .directory: "a folder where a file was expected"
        case .missing: "required file missing"
        case .danglingLink(let target): "dangling symbolic link: its target '\(target)' does not exist"
        case .linkLoop: "symbolic link loop"
        case .special(let kind): "\(kind), not a regular file: refused without reading it"
        }
    }

    /// Reads a regular file without ever blocking on opening it (`O_NONBLOCK`, then `fstat` on the
    /// open descriptor, so a file swapped for a pipe in between is still refused).
    static func read(_ path: String) -> Result<[UInt8], ReadFailure> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(ReadFailure(message: "cannot read the file (errno \(errno))")) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(ReadFailure(message: "cannot read the file")) }
        let entry = FileEntry(mode: status.st_mode)
        if let problem = entry.problem { return .failure(ReadFailure(message: problem)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(0, Int(clamping: status.st_size)))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(message: "cannot read the file (errno \(errno))"))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return .success(bytes)
    }

    /// Why a read failed, as a diagnostic's message.
    struct ReadFailure: Error {
        var message: String
    }
}

/// `read(2)`, named apart from `FileEntry.read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
