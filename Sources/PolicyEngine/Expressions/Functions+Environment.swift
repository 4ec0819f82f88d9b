import Foundation
import JSONCore
import PolicyModel

extension Functions {
    static func environmentFunction(
        _ f: BuiltinFunction, _ a: [JSONValue], context: EvaluationContext?, work: inout WorkBudget
    ) throws(EvaluationError) -> JSONValue {
        switch f {
        case .subscription:
            guard let context, let id = context.evaluated.subscriptionId else {
                throw EvaluationError("subscription() is not available: the resource is not in a subscription")
            }
            var object = JSONObject()
            object["id"] = .string("/subscriptions/\(id)")
            object["subscriptionId"] = .string(id)
            object["tenantId"] = context.environment.tenantId.map(JSONValue.string) ?? .null
            object["displayName"] = context.environment.subscriptionNames[id].map(JSONValue.string) ?? .null
            return .object(object)
        case .resourcegroup:
            guard let context, let sub = context.evaluated.subscriptionId, let rg = context.evaluated.resourceGroup
            else {
                throw EvaluationError("resourceGroup() is not available: the resource is not in a resource group")
            }
            let id = "/subscriptions/\(sub)/resourceGroups/\(rg)"
            var object = JSONObject()
            object["id"] = .string(id)
            object["name"] = .string(rg)
            object["type"] = .string("Microsoft.Resources/resourceGroups")
            let row = context.environment.resourceGroups[id.lowercased()]
            object["location"] = row?["location"] ?? .null
            object["managedBy"] = row?["managedBy"] ?? .null
            object["tags"] = row?["tags"] ?? .object(JSONObject())
            object["properties"] = row?["properties"] ?? ["provisioningState": "Succeeded"]
            return .object(object)
        case .requestcontext:
            return .object(
                JSONObject([.init(key: "apiVersion", value: .string(context?.environment.apiVersion ?? "2021-04-01"))]))
        case .policy:
            return .object(JSONObject())
        case .utcnow:
            let now = context?.environment.now.timeIntervalSince1970 ?? 0
            guard ISODate.isInRange(now) else {
                throw EvaluationError("utcNow(): the evaluation time is not a valid date")
            }
            if a.isEmpty { return .string(ISODate.format(now)) }
            let pattern = try string(a[0], f, 0)
            try work.charge(pattern.utf8.count, times: 8)
            return .string(ISODate.format(now, pattern: pattern))
        case .adddays:
            let base = try string(a[0], f, 0)
            guard let seconds = ISODate.parse(base) else {
                throw EvaluationError("addDays(): '\(base)' is not an ISO 8601 date and time")
            }
            let days = try integer(a[1], f, 1)
            let result = seconds + Double(days) * 86_400
            guard ISODate.isInRange(result) else {
                throw EvaluationError(
                    "addDays(): adding \(days) days to '\(base)' leaves the range of dates (years 1 to 9999)")
            }
            return .string(ISODate.format(result))
        case .datetimeadd:
            throw EvaluationError("dateTimeAdd() is not available in policy rules; use addDays()")
        case .iprangecontains:
            let range = try string(a[0], f, 0)
            let target = try string(a[1], f, 1)
            try work.charge(range.utf8.count + target.utf8.count)
            return .bool(try IPRange.contains(range, target))
        default:
            throw EvaluationError("\(f.rawValue)() is not an environment function")
        }
    }
}
