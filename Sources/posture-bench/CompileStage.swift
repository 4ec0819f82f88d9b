import JSONCore
import PolicyEngine
import PolicyModel

/// Every assignment's policies, compiled with their resolved parameters.
struct CompiledAssignments {
    struct Member {
        var referenceId: String?
        var policy: CompiledPolicy
    }

    var assignments: [(assignment: PolicyAssignment, members: [Member])] = []
    var failures: [String] = []

    var policyCount: Int { assignments.reduce(0) { $0 + $1.members.count } }
}

/// `PolicyCompiler.compile` for every (assignment, definition reference) of the tenant.
struct CompileStage: BenchStage {
    let name = "compile"
    let floors: [Floor] = []

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let tenant = state.tenant else { return .failed("needs the load stage") }
        var compiled = CompiledAssignments()
        let m = Meter.measure(unit: "policies") {
            let compiler = PolicyCompiler(aliases: tenant.aliases, unknownAliases: .treatAsNotApplicable)
            for assignment in tenant.assignments {
                var members: [CompiledAssignments.Member] = []
                if let set = tenant.policySetDefinition(assignment.policyDefinitionId) {
                    let declarations = set.json["properties"]?["parameters"]?.objectValue
                    for reference in set.policyDefinitions {
                        guard let definition = tenant.policyDefinition(reference.policyDefinitionId) else { continue }
                        do {
                            let parameters = try SetParameterResolver.resolve(
                                reference: JSONObject(reference.parameters.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: $0.value) }),
                                setDeclarations: declarations, setValues: assignment.parameters)
                            let context = PolicyContext(
                                assignmentId: assignment.id.rawValue, definitionId: definition.id.rawValue,
                                setDefinitionId: set.id.rawValue, definitionReferenceId: reference.referenceId)
                            members.append(.init(referenceId: reference.referenceId,
                                policy: try compiler.compile(definition.json, parameters: parameters, context: context)))
                        } catch {
                            compiled.failures.append("\(reference.referenceId): \(error)")
                        }
                    }
                } else if let definition = tenant.policyDefinition(assignment.policyDefinitionId) {
                    do {
                        let context = PolicyContext(assignmentId: assignment.id.rawValue, definitionId: definition.id.rawValue)
                        members.append(.init(referenceId: nil,
                            policy: try compiler.compile(definition.json, parameters: assignment.parameters, context: context)))
                    } catch {
                        compiled.failures.append("\(definition.name): \(error)")
                    }
                }
                compiled.assignments.append((assignment, members))
            }
            return compiled.policyCount
        }
        state.compiled = compiled
        state.seconds[name] = m.seconds
        return .measured(m)
    }
}
