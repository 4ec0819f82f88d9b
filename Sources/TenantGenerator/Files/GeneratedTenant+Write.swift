import Foundation

extension GeneratedTenant {
    /// A problem writing the tenant, as one sentence naming the path.
    public struct WriteFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes every file under `directory`, creating folders as needed. Files already there
    /// with other names are left alone; files with the same names are replaced.
    public func write(to directory: String) throws(WriteFailure) {
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        let fm = FileManager.default
        for file in files {
            let url = root.appendingPathComponent(file.path)
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url)
            } catch {
                throw WriteFailure(description: "\(url.path): cannot write the file (\(error.localizedDescription))")
            }
        }
    }

    /// The total size of the files, in bytes.
    public var byteCount: Int { files.reduce(0) { $0 + $1.bytes.count } }
}
