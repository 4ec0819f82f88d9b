public import JSONCore

extension Finding {
    /// The id of the resource a Defender finding (`Microsoft.Security/assessments`) assesses, in
    /// either spelling Azure writes it: Resource Graph's `properties.resourceDetails.Id` (with
    /// `Source`, `ResourceId`, …) or the REST API's `properties.resourceDetails.id` (with `source`).
    /// Member names compare ignoring case, as Azure's do; `ResourceId` is read when `Id` is absent.
    /// Nil when the finding names no Azure resource (an on-premises machine, say).
    ///
    /// Every reader of a finding's resource goes through this accessor, so both spellings are
    /// taken everywhere: the tenant's findings, scenario events, snapshots and lag subjects.
    public static func assessedResourceId(in finding: JSONValue) -> String? {
        guard let details = finding["properties"]?["resourceDetails"]?.objectValue else { return nil }
        if let id = details["id"]?.stringValue, !id.isEmpty { return id }
        if let id = details["resourceId"]?.stringValue, !id.isEmpty { return id }
        return nil
    }
}
