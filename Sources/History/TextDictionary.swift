import GRDB

/// The `texts` dictionary, loaded once per transaction and extended as new texts appear: exemption
/// ids, assessment keys, causes, descriptions and origins, subscription ids, control keys and names.
struct TextDictionary {
    private var ids: [String: Int64] = [:]
    private var next: Int64 = 1

    init(_ db: Database) throws {
        for (id, text) in try Self.all(db) {
            ids[text] = id
            next = max(next, id + 1)
        }
    }

    /// The id of `text`, inserting it when new.
    mutating func id(_ db: Database, _ text: String) throws -> Int64 {
        if let known = ids[text] { return known }
        let new = next
        next += 1
        try db.cachedStatement(sql: "INSERT INTO texts (id, text) VALUES (?, ?)").execute(arguments: [new, text])
        ids[text] = new
        return new
    }

    /// Every text by id, for reading.
    static func all(_ db: Database) throws -> [Int64: String] {
        var texts: [Int64: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, text FROM texts")
        while let row = try rows.next() { texts[row[0]] = row[1] }
        return texts
    }
}
