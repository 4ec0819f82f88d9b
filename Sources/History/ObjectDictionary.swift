import GRDB
import PolicyModel

/// The `objects` dictionary: every tenant object ever recorded, by kind and key, loaded once per
/// transaction and extended as new objects appear. Backend-neutral: a new object's id and prefix
/// are assigned here and its row waits in `pending` until the store writes it.
///
/// A key is stored as the rest after the longest recorded key it extends at a `/` or `|` (`prefix`):
/// a resource after its resource group, an extension after its resource, a finding after its
/// resource. The long common part of Azure ids (subscription, resource group) is stored once.
package struct ObjectDictionary {
    package private(set) var ids: [TenantSnapshot.Key: Int64] = [:]
    package private(set) var keys: [Int64: TenantSnapshot.Key] = [:]
    /// Every recorded key's text, whatever its kind: what a new key can extend.
    private var byText: [String: Int64] = [:]
    private var next: Int64 = 1
    /// The texts of rows whose kind this version does not know (`keys` holds the others').
    private var otherTexts: [Int64: String] = [:]
    /// The objects added since the store last wrote them.
    package var pending: [Row] = []

    /// An `objects` row.
    package struct Row {
        package var id: Int64
        package var kind: String
        package var prefix: Int64?
        package var suffix: String

        package init(id: Int64, kind: String, prefix: Int64?, suffix: String) {
            self.id = id
            self.kind = kind
            self.prefix = prefix
            self.suffix = suffix
        }
    }

    package init() {}

    /// Adds a stored row; rows come in id order (a row extends only rows before it).
    package mutating func load(_ row: Row) throws {
        var text = row.suffix
        if let prefix = row.prefix {
            guard let base = keys[prefix]?.id ?? otherTexts[prefix] else {
                throw HistoryError(
                    .damaged, "objects row \(row.id) extends object \(prefix), which is missing or recorded after it")
            }
            text = base + row.suffix
        }
        next = max(next, row.id + 1)
        if byText[text] == nil { byText[text] = row.id }
        guard let kind = TenantSnapshot.Kind(rawValue: row.kind) else {
            otherTexts[row.id] = text
            return
        }
        let key = TenantSnapshot.Key(kind: kind, id: text)
        ids[key] = row.id
        keys[row.id] = key
    }

    /// The id of `key`; a new one is added to `pending`.
    package mutating func id(for key: TenantSnapshot.Key) -> Int64 {
        if let known = ids[key] { return known }
        let bytes = Array(key.id.utf8)
        var prefix: Int64?
        var rest = 0
        for end in bytes.indices.reversed() where bytes[end] == UInt8(ascii: "/") || bytes[end] == UInt8(ascii: "|") {
            if let found = byText[String(decoding: bytes[..<end], as: UTF8.self)] {
                (prefix, rest) = (found, end)
                break
            }
        }
        let new = next
        next += 1
        pending.append(
            Row(
                id: new, kind: key.kind.rawValue, prefix: prefix,
                suffix: String(decoding: bytes[rest...], as: UTF8.self)))
        ids[key] = new
        keys[new] = key
        if byText[key.id] == nil { byText[key.id] = new }
        return new
    }
}

extension ObjectDictionary {
    init(_ db: Database) throws {
        self.init()
        let rows = try GRDB.Row.fetchCursor(db, sql: "SELECT id, kind, prefix, key_suffix FROM objects ORDER BY id")
        while let row = try rows.next() { try load(Row(id: row[0], kind: row[1], prefix: row[2], suffix: row[3])) }
    }

    /// The id of `key`, inserting it when new.
    mutating func id(_ db: Database, for key: TenantSnapshot.Key) throws -> Int64 {
        let id = id(for: key)
        for row in pending {
            try db.cachedStatement(sql: "INSERT INTO objects (id, kind, prefix, key_suffix) VALUES (?, ?, ?, ?)")
                .execute(arguments: [row.id, row.kind, row.prefix, row.suffix])
        }
        pending.removeAll()
        return id
    }
}
