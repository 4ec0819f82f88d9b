import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A throwaway PostgreSQL cluster for tests: `initdb` into a temporary folder, `pg_ctl start` on a
/// free loopback port (its socket in that folder too), `stop()` to shut it down and remove it. The
/// tests of a process share one (`shared`), each in a database of its own (`PostgresDatabase`).
/// Root cannot run `initdb`, so as root (CI) the programs run as the `postgres` user through
/// `runuser`, which owns the folder; where that user cannot even open `/dev/null` (some sandboxes
/// make it root's only), they run in a user namespace (`unshare --user`) as that user's id, which
/// is root's outside. Tests that need a server skip where `available` is false.
public final class PostgresCluster: @unchecked Sendable {
    /// The folder holding `initdb`, `pg_ctl` and `postgres`: on PATH, else Debian's
    /// `/usr/lib/postgresql/VERSION/bin` (newest version first); nil where PostgreSQL is not installed.
    public static let binaries: URL? = {
        let fm = FileManager.default
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":").map(String.init)
        where fm.isExecutableFile(atPath: folder + "/initdb") && fm.isExecutableFile(atPath: folder + "/pg_ctl") {
            return URL(fileURLWithPath: folder)
        }
        let debian = "/usr/lib/postgresql"
        let versions = ((try? fm.contentsOfDirectory(atPath: debian)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        for version in versions where fm.isExecutableFile(atPath: "\(debian)/\(version)/bin/initdb") {
            return URL(fileURLWithPath: "\(debian)/\(version)/bin")
        }
        return nil
    }()

    /// Whether a cluster can be started here: PostgreSQL is installed and, as root, there is a way
    /// to run it as another user.
    public static let available = binaries != nil && launcher != nil

    /// How the PostgreSQL programs are started: directly, or as root through one of two wrappers.
    private enum Launcher {
        case direct
        case runuser
        case userNamespace(uid: UInt32, gid: UInt32)

        func command(_ program: String, _ arguments: [String]) -> (String, [String]) {
            switch self {
            case .direct: (program, arguments)
            case .runuser: ("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments)
            case .userNamespace(let uid, let gid):
                ("/usr/bin/unshare", ["--user", "--map-user=\(uid)", "--map-group=\(gid)", program] + arguments)
            }
        }
    }

    /// `.direct` for an ordinary user; as root, `runuser` when the `postgres` user can work here,
    /// else a user namespace; nil when neither works.
    private static let launcher: Launcher? = {
        guard geteuid() == 0 else { return .direct }
        let user = getpwnam("postgres") ?? getpwnam("nobody")
        guard let user else { return nil }
        let probe = ["/bin/sh", "-c", "exec >/dev/null"]
        if getpwnam("postgres") != nil, succeeds(Launcher.runuser.command(probe[0], Array(probe.dropFirst()))) {
            return .runuser
        }
        let namespace = Launcher.userNamespace(uid: user.pointee.pw_uid, gid: user.pointee.pw_gid)
        return succeeds(namespace.command(probe[0], Array(probe.dropFirst()))) ? namespace : nil
    }()

    private static func succeeds(_ command: (String, [String])) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command.0)
        process.arguments = command.1
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// The cluster the tests of this process share, started by the first that needs it. It is
    /// stopped and removed when the process exits, and, should the process die without exiting (a
    /// trap, a signal), by a watchdog that waits for the process to be gone.
    public static let shared: Result<PostgresCluster, any Error> = Result {
        let cluster = try PostgresCluster()
        do {
            try cluster.watch(getpid())
        } catch {
            cluster.stop()
            throw error
        }
        atexit {
            if case .success(let cluster) = PostgresCluster.shared { cluster.stop() }
        }
        return cluster
    }

    /// The cluster's folder (data and socket).
    public let folder: URL
    public let port: Int
    /// The connection string of its `postgres` database, as the `posture` user (trust authentication).
    public var url: String { "postgres://posture@127.0.0.1:\(port)/postgres" }
    private var running = false
    private let launcher: Launcher

    /// Creates and starts a cluster. Throws `Failure` with the program's output when a step fails.
    public init() throws {
        guard let binaries = Self.binaries, let launcher = Self.launcher else {
            throw Failure(step: "find", output: "PostgreSQL is not installed, or cannot run as another user than root")
        }
        self.launcher = launcher
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        if case .runuser = launcher, let user = getpwnam("postgres") {
            chown(folder.path, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        port = try Self.freePort()
        let data = folder.appendingPathComponent("data").path
        try run(
            binaries.appendingPathComponent("initdb").path,
            [
                "-D", data, "-U", "posture", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C",
            ])
        try run(
            binaries.appendingPathComponent("pg_ctl").path,
            [
                "-D", data, "-l", folder.appendingPathComponent("server.log").path, "-w", "-t", "60",
                "-o", "-p \(port) -h 127.0.0.1 -k \(folder.path) -c fsync=off", "start",
            ])
        running = true
    }

    /// Stops the server (immediately: nothing in it is kept) and removes the folder.
    public func stop() {
        if running, let binaries = Self.binaries {
            try? run(
                binaries.appendingPathComponent("pg_ctl").path,
                [
                    "-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop",
                ])
            running = false
        }
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }

    /// A PostgreSQL program that failed: which step and what it printed.
    public struct Failure: Error, CustomStringConvertible {
        public let step: String
        public let output: String
        public var description: String { "\(step) failed: \(output)" }
    }

    /// Starts a watchdog that stops the server and removes the folder once process `pid` is gone: a
    /// shell in a session of its own (an interrupt of the tests does not reach it), polling
    /// `/proc/PID` every half second. The shell that starts it returns at once: the watchdog is no
    /// child a `Process` waits for.
    private func watch(_ pid: pid_t) throws {
        guard let binaries = Self.binaries else { return }
        let loop = #"while [ -d "/proc/$1" ]; do sleep 0.5; done; "$2" -D "$3" -m immediate -w stop; rm -rf "$4""#
        let start = #"setsid /bin/bash -c "$0" watchdog "$@" </dev/null >/dev/null 2>&1 &"#
        try run(
            "/bin/bash",
            [
                "-c", start, loop, "\(pid)", binaries.appendingPathComponent("pg_ctl").path,
                folder.appendingPathComponent("data").path, folder.path,
            ])
    }

    /// Runs a PostgreSQL program, as another user when this process is root (`Launcher`), through a
    /// shell that first closes every descriptor above stderr: the server `pg_ctl start` leaves
    /// running must not inherit Foundation's descriptors, or `waitUntilExit` waits for the server.
    private func run(_ program: String, _ arguments: [String]) throws {
        let process = Process()
        let closeAndRun =
            #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#
        let (executable, all) = launcher.command("/bin/bash", ["-c", closeAndRun, program] + arguments)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = all
        process.currentDirectoryURL = folder
        let output = folder.appendingPathComponent("step.log")
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw Failure(step: "log", output: "cannot create \(output.path)")
        }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw Failure(step: (program as NSString).lastPathComponent, output: text)
        }
    }

    /// A loopback port nothing listens on now: bound to port 0, read back, released.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(step: "socket", output: String(cString: strerror(errno))) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        guard bound else { throw Failure(step: "bind", output: String(cString: strerror(errno))) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
