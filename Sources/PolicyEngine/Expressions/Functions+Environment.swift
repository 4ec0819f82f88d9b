import Foundation
import JSONCore
import PolicyModel

extension Functions {
    static func environmentFunction(_ f: BuiltinFunction, _ a: [JSONValue], context: EvaluationContext?)
        throws(EvaluationError) -> JSONValue
    {
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
            guard let context, let sub = context.evaluated.subscriptionId, let rg = context.evaluated.resourceGroup else {
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
            return .object(JSONObject([.init(key: "apiVersion", value: .string(context?.environment.apiVersion ?? "2021-04-01"))]))
        case .policy:
            return .object(JSONObject())
        case .utcnow:
            let now = context?.environment.now.timeIntervalSince1970 ?? 0
            if a.isEmpty { return .string(ISODate.format(now)) }
            return .string(ISODate.format(now, pattern: try string(a[0], f, 0)))
        case .adddays:
            let base = try string(a[0], f, 0)
            guard let seconds = ISODate.parse(base) else {
                throw EvaluationError("addDays(): '\(base)' is not an ISO 8601 date and time")
            }
            let days = try integer(a[1], f, 1)
            return .string(ISODate.format(seconds + Double(days) * 86_400))
        case .datetimeadd:
            throw EvaluationError("dateTimeAdd() is not available in policy rules; use addDays()")
        case .iprangecontains:
            return .bool(try IPRange.contains(try string(a[0], f, 0), try string(a[1], f, 1)))
        default:
            throw EvaluationError("\(f.rawValue)() is not an environment function")
        }
    }
}
