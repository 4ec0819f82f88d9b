import GRDB

/// The `texts` dictionary, loaded once per transaction and extended as new texts appear: exemption
/// ids, assessment keys, causes, descriptions and origins, subscription ids, control keys and names.
/// Backend-neutral: a new text's id is assigned here and its row waits in `pending` until the store
/// writes it.
package struct TextDictionary {
    private var ids: [String: Int64] = [:]
    private var next: Int64 = 1
    /// The texts added since the store last wrote them, in id order.
    package var pending: [(id: Int64, text: String)] = []

    /// The dictionary holding `texts` (by id).
    package init(_ texts: [Int64: String]) {
        for (id, text) in texts {
            ids[text] = id
            next = max(next, id + 1)
        }
    }

    /// The id of `text`; a new one is added to `pending`.
    package mutating func id(_ text: String) -> Int64 {
        if let known = ids[text] { return known }
        let new = next
        next += 1
        ids[text] = new
        pending.append((new, text))
        return new
    }
}

extension TextDictionary {
    init(_ db: Database) throws {
        self.init(try Self.all(db))
    }

    /// The id of `text`, inserting it when new.
    mutating func id(_ db: Database, _ text: String) throws -> Int64 {
        let id = id(text)
        try write(db)
        return id
    }

    /// Writes the pending texts.
    mutating func write(_ db: Database) throws {
        guard !pending.isEmpty else { return }
        for (id, text) in pending {
            try db.cachedStatement(sql: "INSERT INTO texts (id, text) VALUES (?, ?)").execute(arguments: [id, text])
        }
        pending.removeAll()
    }

    /// Every text by id, for reading.
    static func all(_ db: Database) throws -> [Int64: String] {
        var texts: [Int64: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, text FROM texts")
        while let row = try rows.next() { texts[row[0]] = row[1] }
        return texts
    }
}
