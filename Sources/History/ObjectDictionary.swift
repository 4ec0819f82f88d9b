import GRDB
import PolicyModel

/// The `objects` dictionary: every tenant object ever recorded, by kind and key, loaded once per
/// transaction and extended as new objects appear.
///
/// A key is stored as the rest after the longest recorded key it extends at a `/` or `|` (`prefix`):
/// a resource after its resource group, an extension after its resource, a finding after its
/// resource. The long common part of Azure ids (subscription, resource group) is stored once.
struct ObjectDictionary {
    private(set) var ids: [TenantSnapshot.Key: Int64] = [:]
    private(set) var keys: [Int64: TenantSnapshot.Key] = [:]
    /// Every recorded key's text, whatever its kind: what a new key can extend.
    private var byText: [String: Int64] = [:]
    private var next: Int64 = 1

    init(_ db: Database) throws {
        var texts: [Int64: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, kind, prefix, key_suffix FROM objects ORDER BY id")
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let suffix: String = row[3]
            var text = suffix
            if let prefix: Int64 = row[2] {
                guard let base = texts[prefix] else {
                    throw HistoryError(
                        .damaged, "objects row \(id) extends object \(prefix), which is missing or recorded after it")
                }
                text = base + suffix
            }
            texts[id] = text
            next = max(next, id + 1)
            if byText[text] == nil { byText[text] = id }
            guard let kind = TenantSnapshot.Kind(rawValue: row[1]) else { continue }
            let key = TenantSnapshot.Key(kind: kind, id: text)
            ids[key] = id
            keys[id] = key
        }
    }

    /// The id of `key`, inserting it when new.
    mutating func id(_ db: Database, for key: TenantSnapshot.Key) throws -> Int64 {
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
        try db.cachedStatement(sql: "INSERT INTO objects (id, kind, prefix, key_suffix) VALUES (?, ?, ?, ?)").execute(
            arguments: [new, key.kind.rawValue, prefix, String(decoding: bytes[rest...], as: UTF8.self)])
        ids[key] = new
        keys[new] = key
        if byText[key.id] == nil { byText[key.id] = new }
        return new
    }
}
