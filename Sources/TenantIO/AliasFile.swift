import Foundation
import JSONCore
import PolicyModel

/// Loads an alias table from a file given on the command line (`--aliases FILE`):
/// CSV, gzipped CSV, or `az provider list` JSON.
package enum AliasFile {
    package static func load(_ path: String) throws(InputError) -> AliasTable {
        let builder = TenantBuilder()
        let url = URL(fileURLWithPath: path)
        var table: AliasTable?
        if path.lowercased().hasSuffix(".json") {
            if let bytes = TenantFiles.read(path, file: path, into: builder),
                let document = TenantFiles.parse(bytes, file: path, into: builder)
            {
                table = AliasTable.fromProviderList(document, file: path, log: builder.log)
            }
        } else {
            table = TenantFiles.aliasTable(at: url, file: path, into: builder)
        }
        guard builder.log.isEmpty, let table else { throw InputError(builder.log.diagnostics) }
        return table
    }
}
