/// Aliases whose path depends on the resource type. Azure's alias table keeps one path per
/// (type, alias); a flat `alias → path` table keeps only one of them, so the engine adds the
/// others here and reads the first path that exists in the resource.
/// Source: `az provider show --namespace Microsoft.Compute --expand resourceTypes/aliases`
/// (virtualMachines, virtualMachineScaleSets, disks), as in `aliases/policy-aliases.csv.gz`.
enum TypeDependentAliases {
    static let extraPaths: [String: [String]] = [
        "microsoft.compute/licensetype": ["properties.licenseType", "properties.virtualMachineProfile.licenseType"],
        "microsoft.compute/imagepublisher": imagePaths("publisher"),
        "microsoft.compute/imageoffer": imagePaths("offer"),
        "microsoft.compute/imagesku": imagePaths("sku"),
        "microsoft.compute/imageversion": imagePaths("version"),
        "microsoft.compute/imageid": imagePaths("id"),
    ]

    private static func imagePaths(_ leaf: String) -> [String] {
        [
            "properties.storageProfile.imageReference.\(leaf)",
            "properties.virtualMachineProfile.storageProfile.imageReference.\(leaf)",
            "properties.creationData.imageReference.id",
        ]
    }
}
