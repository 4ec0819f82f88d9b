public import JSONCore

extension Tenant {
    /// The files the resources' rows are read again from (`StoredRow`), each once.
    public var rowFiles: [RowFile] {
        var files: [RowFile] = []
        for resource in resources {
            if let file = resource.rowFile, !files.contains(where: { $0 === file }) { files.append(file) }
        }
        return files
    }

    /// Throws when a resource's row, read again from its file, no longer read back as it was loaded:
    /// whatever was evaluated or encoded from it since is not the tenant that was loaded.
    public func checkRowsUnchanged() throws(InputError) {
        try Self.checkUnchanged(rowFiles)
    }

    /// Throws, naming the file, when any of `files` had a row that no longer read back as loaded.
    public static func checkUnchanged(_ files: [RowFile]) throws(InputError) {
        let changed = files.filter(\.changed)
        guard !changed.isEmpty else { return }
        throw InputError(
            changed.map {
                Diagnostic(
                    file: $0.name, path: .root,
                    message: "changed while posture read it: a row no longer reads back as it was loaded; "
                        + "nothing was recorded from it. Run again once the file is written")
            })
    }
}
