public import Foundation
public import JSONCore

/// What an evaluation may know about the world beyond the resource: the time (`utcNow()`,
/// `addDays()`), the tenant, and the API version `requestContext()` reports.
/// Passed in as a value so the engine never reads the clock itself.
public struct EvaluationEnvironment: Sendable {
    /// The instant `utcNow()` returns.
    public var now: Date
    /// The tenant id `subscription().tenantId` returns, when known.
    public var tenantId: String?
    /// `requestContext().apiVersion`.
    public var apiVersion: String
    /// Subscription display names by subscription id, for `subscription().displayName`.
    public var subscriptionNames: [String: String]
    /// Resource groups as Resource Graph rows (`resourcecontainers`), by lower-cased id, for
    /// `resourceGroup()` (`location`, `managedBy`, `tags`).
    public var resourceGroups: [String: JSONValue]
    /// The work one evaluation of one rule against one resource may do (``EngineLimits/maxEvaluationWork``).
    public var workBudget: Int

    public init(
        now: Date = Date(timeIntervalSince1970: 0), tenantId: String? = nil, apiVersion: String = "2021-04-01",
        subscriptionNames: [String: String] = [:], resourceGroups: [String: JSONValue] = [:],
        workBudget: Int = EngineLimits.maxEvaluationWork
    ) {
        self.workBudget = workBudget
        self.now = now
        self.tenantId = tenantId
        self.apiVersion = apiVersion
        self.subscriptionNames = subscriptionNames
        self.resourceGroups = resourceGroups
    }
}
