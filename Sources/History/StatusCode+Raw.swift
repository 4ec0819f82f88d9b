extension StatusCode {
    /// The assessment's own status is Unhealthy.
    package var isUnhealthy: Bool { exists && bits & 3 == 1 }

    /// The assessment's own status is Healthy (a Mitigated exemption is not: it is NotApplicable).
    package var isHealthy: Bool { exists && bits & 3 == 0 }
}

extension StatusCode {
    /// The text id of the assessment's cause (`Exempt`, `OffByPolicy`, …); 0 when it has none.
    package var causeTextId: Int64 { causeId }
}
