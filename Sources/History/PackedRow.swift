/// An assessment row as two integers that SQLite computes: (resource, key) as
/// `resource << 32 | key`, and the rest as bits: the row's `StatusCode` in bits 0–35, and the
/// cycle that ended the row from bit 36 (0: still open). The scans of a score delta hold
/// hundreds of thousands of them.
struct PackedRow {
    var bits: Int64

    static let columns = """
        (resource << 32) | assessment_key,
        (CASE status WHEN 'Healthy' THEN 0 WHEN 'Unhealthy' THEN 1 ELSE 2 END)
        | ((CASE exemption_category WHEN 'Waiver' THEN 1 WHEN 'Mitigated' THEN 2 ELSE 0 END) << 2)
        | (IFNULL(cause, 0) << 4) | (IFNULL(to_seq, 0) << 36)
        """

    var status: StatusCode { StatusCode(bits: UInt64(bitPattern: bits) & 0xF_FFFF_FFFF) }

    /// The cycle that ended the row, 0 while it is open.
    var end: Int { Int(bits >> 36) }
}
