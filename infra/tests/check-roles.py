#!/usr/bin/env python3
"""Checks the role assignments of the compiled template (infra/bicep/main.bicep built to ARM JSON), without Azure.

    python3 infra/tests/check-roles.py COMPILED_TEMPLATE.json REPO_ROOT

Role assignments are expressions (names, scopes, role ids, counts, conditions), so reading the JSON text proves
little. This script evaluates them, with a small evaluator of the ARM template functions the templates use, for
environmentKind = development and = production (a deploying principal given in both), and then asserts:
  - nobody gets Storage Blob Data Owner;
  - the app's blob roles are Blob Data Contributor scoped to one container each, its table roles Table Data
    Contributor scoped to one table each, and only its queue role is scoped to the whole account;
  - every container, table and queue that functions/Serverless.Core/Addresses/StorageNames.cs names is created by
    the template, and every container and table the app uses has the app's role scoped to it;
  - every storage container is private;
  - production: the deploying principal has no data role (only Key Vault Reader: names and metadata);
    development: it has the storage data roles and Key Vault Secrets Officer;
  - the app's Key Vault Crypto User roles are scoped to one signatory's key each (two sample signatories given);
  - the root keys are not Key Vault secret resources, and no value is generated at deployment (newGuid).
Prints "ok:" lines and one "FAIL:" line per problem; exits 1 on any problem.
"""
import hashlib
import json
import re
import sys

ROLES = {
    "b7e6dc6d-f1e8-4753-8033-0f276bb0955b": "Storage Blob Data Owner",
    "ba92f5b4-2d11-453d-a403-e96b0029c9fe": "Storage Blob Data Contributor",
    "974c5e8b-45b9-4653-ba55-5f855dd0fb88": "Storage Queue Data Contributor",
    "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3": "Storage Table Data Contributor",
    "4633458b-17de-408a-b874-0445c86b69e6": "Key Vault Secrets User",
    "b86a8fe4-44ce-4948-aee5-eccb2c155cd7": "Key Vault Secrets Officer",
    "21090545-7ca7-4776-b22c-e363652d74d2": "Key Vault Reader",
    "3913510d-42f4-4e42-8a64-420c390055eb": "Monitoring Metrics Publisher",
    "12338af0-0e69-4776-b7a2-a44fd01f3b98": "Key Vault Crypto User",
}
# Roles that read or write data (blobs, queue messages, table rows, secret values).
DATA_ROLES = {name for name in ROLES.values() if name.startswith("Storage ") or name.startswith("Key Vault Secrets")}
ROOT_KEY_PATTERN = re.compile(r"review-token-key|citizen-access-key|transparency-signing-key")


class Opaque:
    """A value only Azure knows at deployment time (a reference(), a guid()): kept as text."""

    def __init__(self, text):
        self.text = text

    def __getattr__(self, name):
        return Opaque(f"{self.text}.{name}")

    def __str__(self):
        return self.text


# --- ARM template expressions ---------------------------------------------------------------------------------------

TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+)|(?P<id>[A-Za-z_][A-Za-z0-9_]*)|(?P<sym>[(),.\[\]]))")


def tokenize(text):
    tokens, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            if text[pos:].strip() == "":
                break
            raise ValueError(f"cannot read expression at: {text[pos:]!r}")
        pos = m.end()
        if m.group("str") is not None:
            tokens.append(("str", m.group("str")[1:-1].replace("''", "'")))
        elif m.group("num") is not None:
            tokens.append(("num", int(m.group("num"))))
        elif m.group("id") is not None:
            tokens.append(("id", m.group("id")))
        else:
            tokens.append(("sym", m.group("sym")))
    return tokens


class Evaluator:
    def __init__(self, parameters, variables, functions=None):
        self.parameters = parameters
        self.variables_source = variables
        self.variables = {}
        self.functions = functions or {}
        self.copy_index = None

    def value(self, node):
        """Evaluates a template value: strings in [ ] are expressions, objects and arrays are walked."""
        if isinstance(node, str):
            if node.startswith("[[") :
                return node[1:]
            if node.startswith("[") and node.endswith("]"):
                return self.expression(node[1:-1])
            return node
        if isinstance(node, list):
            return [self.value(item) for item in node]
        if isinstance(node, dict):
            return {key: self.value(item) for key, item in node.items()}
        return node

    def variable(self, name):
        if name not in self.variables:
            self.variables[name] = self.value(self.variables_source[name])
        return self.variables[name]

    def expression(self, text):
        saved = getattr(self, "tokens", None), getattr(self, "pos", 0)  # variables() evaluates nested expressions
        self.tokens, self.pos = tokenize(text), 0
        result = self.parse()
        if self.pos != len(self.tokens):
            raise ValueError(f"trailing tokens in {text!r}")
        self.tokens, self.pos = saved
        return result

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self, symbol=None):
        token = self.tokens[self.pos]
        if symbol is not None and token != ("sym", symbol):
            raise ValueError(f"expected {symbol!r}, found {token!r}")
        self.pos += 1
        return token

    def parse(self):
        kind, value = self.take()
        if kind == "str" or kind == "num":
            result = value
        elif kind == "id":
            name = value
            while self.peek() == ("sym", "."):  # namespace.function (user-defined functions)
                self.take(".")
                name += "." + self.take()[1]
            self.take("(")
            args = []
            while self.peek() != ("sym", ")"):
                args.append(self.parse())
                if self.peek() == ("sym", ","):
                    self.take(",")
            self.take(")")
            result = self.call(name, args)
        else:
            raise ValueError(f"unexpected {value!r}")
        while self.peek() in (("sym", "."), ("sym", "[")):
            if self.take()[1] == ".":
                prop = self.take()[1]
                result = result.get(prop) if isinstance(result, dict) else getattr(result, prop) if isinstance(result, Opaque) else None
            else:
                index = self.parse()
                self.take("]")
                result = result[index] if not isinstance(result, Opaque) else Opaque(f"{result}[{index}]")
        return result

    def call(self, name, args):
        lower = name.lower()
        simple = {
            "parameters": lambda a: self.parameters[a[0]],
            "variables": lambda a: self.variable(a[0]),
            "if": lambda a: a[1] if a[0] else a[2],
            "and": lambda a: all(a),
            "or": lambda a: any(a),
            "not": lambda a: not a[0],
            "equals": lambda a: a[0] == a[1],
            "empty": lambda a: len(a[0]) == 0 if not isinstance(a[0], Opaque) else False,
            "createarray": lambda a: list(a),
            "createobject": lambda a: {a[i]: a[i + 1] for i in range(0, len(a), 2)},
            "length": lambda a: len(a[0]),
            "copyindex": lambda a: self.copy_index + (a[0] if a else 0),
            "concat": lambda a: sum(a, []) if a and isinstance(a[0], list) else "".join(str(x) for x in a),
            "format": lambda a: re.sub(r"\{(\d+)\}", lambda m: str(a[int(m.group(1)) + 1]), a[0]),
            "tolower": lambda a: str(a[0]).lower(),
            "toupper": lambda a: str(a[0]).upper(),
            "string": lambda a: str(a[0]).lower() if isinstance(a[0], bool) else str(a[0]),
            "substring": lambda a: a[0][a[1]:] if len(a) == 2 else a[0][a[1]:a[1] + a[2]],
            "take": lambda a: a[0][: a[1]],
            "trim": lambda a: a[0].strip(),
            "split": lambda a: a[0].split(a[1]),
            "join": lambda a: a[1].join(a[0]),
            "union": lambda a: {k: v for d in a for k, v in d.items()},
            "true": lambda a: True,
            "false": lambda a: False,
            # "<type>|<name segments>": the scope's type and its last name segment are what the checks read.
            "resourceid": lambda a: a[0] + "|" + "/".join(str(x) for x in a[1:]),
            "subscriptionresourceid": lambda a: a[0] + "|" + "/".join(str(x) for x in a[1:]),
            # Deterministic stand-ins, so that names built from them stay comparable.
            "uniquestring": lambda a: hashlib.sha256("|".join(str(x) for x in a).encode()).hexdigest()[:13],
            "subscription": lambda a: {"id": "/subscriptions/00000000-0000-0000-0000-000000000000",
                                       "subscriptionId": "00000000-0000-0000-0000-000000000000",
                                       "tenantId": "00000000-0000-0000-0000-0000000000aa"},
            "tenant": lambda a: {"tenantId": "00000000-0000-0000-0000-0000000000aa"},
        }
        if lower in simple:
            if lower not in ("createarray", "createobject", "parameters", "variables") and any(isinstance(a, Opaque) for a in args):
                return Opaque(f"{name}({', '.join(str(a) for a in args)})")  # depends on what only Azure knows
            return simple[lower](args)
        if lower in ("guid", "extensionresourceid", "reference", "resourcegroup", "environment",
                     "deployment", "newguid", "utcnow", "list", "filter", "map", "toobject", "lambda",
                     "lambdavariables", "contains", "last", "first"):
            return Opaque(f"{name}({', '.join(str(a) for a in args)})")
        if name in self.functions:
            return Opaque(f"{name}(...)")
        raise ValueError(f"function {name} is not known to check-roles.py")


# --- walking the template ---------------------------------------------------------------------------------------------

def resources_of(template):
    resources = template.get("resources", [])
    return list(resources.values()) if isinstance(resources, dict) else resources


def walk(template, parameters, path, found):
    """Every role assignment (evaluated) and every deployed resource of the template and its nested deployments."""
    evaluator = Evaluator(parameters, template.get("variables", {}), template.get("functions"))
    for resource in resources_of(template):
        copy = resource.get("copy")
        indices = [None]
        if copy:
            indices = list(range(evaluator.value(copy["count"])))
        for index in indices:
            evaluator.copy_index = index
            if "condition" in resource and not evaluator.value(resource["condition"]):
                continue
            kind = resource["type"]
            if kind == "Microsoft.Resources/deployments" and "template" in resource.get("properties", {}):
                inner = resource["properties"]["template"]
                given = {k: evaluator.value(v.get("value")) for k, v in resource["properties"].get("parameters", {}).items()}
                inner_parameters = {}
                for name, definition in inner.get("parameters", {}).items():
                    if name in given:
                        inner_parameters[name] = given[name]
                    elif "defaultValue" in definition:
                        inner_parameters[name] = None  # set below, in the inner template's own context
                nested = Evaluator(inner_parameters, inner.get("variables", {}), inner.get("functions"))
                for name, definition in inner.get("parameters", {}).items():
                    if name not in given and "defaultValue" in definition:
                        inner_parameters[name] = nested.value(definition["defaultValue"])
                walk(inner, inner_parameters, path + [str(evaluator.value(resource["name"]))], found)
                continue
            if resource.get("existing"):
                continue
            item = {"module": "/".join(path), "type": kind, "resource": resource, "evaluator": evaluator}
            if kind == "Microsoft.Authorization/roleAssignments":
                props = resource["properties"]
                role_id = re.split(r"[/|]", str(evaluator.value(props["roleDefinitionId"])))[-1]
                principal = evaluator.value(props["principalId"])
                item.update(
                    role=ROLES.get(role_id, role_id),
                    principal="app" if isinstance(principal, Opaque) and "userAssignedIdentities" in str(principal) else
                    "deployer" if principal == parameters.get("principalId") and principal else str(principal),
                    scope=str(evaluator.value(resource.get("scope", "(deployment scope)"))),
                )
            elif kind.startswith("Microsoft.Storage/") or kind == "Microsoft.KeyVault/vaults/secrets":
                item.update(name=str(evaluator.value(resource["name"])),
                            properties=evaluator.value(resource.get("properties", {})) if kind.startswith("Microsoft.Storage/") else {})
            found.append(item)
    return found


def storage_names(repo_root):
    text = open(f"{repo_root}/functions/Serverless.Core/Addresses/StorageNames.cs", encoding="utf-8").read()
    names = dict(re.findall(r'public const string (\w+) = "([^"]+)";', text))
    return (
        {v for k, v in names.items() if k.endswith("Container")},
        {v for k, v in names.items() if k.endswith("Table")},
        {v for k, v in names.items() if k.endswith("Queue")},
    )


def check(template_text, repo_root, quiet=False):
    template = json.loads(template_text)
    problems = []
    principal = "00000000-0000-0000-0000-00000000d3b0"
    containers, tables, queues = storage_names(repo_root)

    for kind in ("production", "development"):
        parameters = {
            "environmentName": "check", "location": "francecentral", "resourceGroupName": "", "principalId": principal,
            "principalType": "User", "environmentKind": kind, "smtpHost": "smtp.example.org",
            "smtpFromAddress": "noreply@example.org",
            # Two signatories, so that their per-key roles are evaluated (docs/SIGNATURES.md).
            "signatories": [{"commune": "saint-exemple", "id": "maire", "displayName": "Jean Maire"},
                            {"commune": "saint-exemple", "id": "dgs", "displayName": "Claire Lambert"}],
        }
        for name, definition in template["parameters"].items():
            if name not in parameters:
                parameters[name] = None
        top = Evaluator(parameters, template.get("variables", {}))
        for name, definition in template["parameters"].items():
            if parameters[name] is None and "defaultValue" in definition:
                parameters[name] = top.value(definition["defaultValue"])
        found = walk(template, parameters, [], [])
        assignments = [f for f in found if f["type"] == "Microsoft.Authorization/roleAssignments"]

        def scope_type(scope):
            return scope.split("|", 1)[0]

        def scope_leaf(scope):
            return scope.rsplit("/", 1)[-1]

        where = f"[{kind}]"
        owners = [a for a in assignments if a["role"] == "Storage Blob Data Owner"]
        if owners:
            problems.append(f"{where} Storage Blob Data Owner is assigned ({len(owners)} time(s))")
        app = [a for a in assignments if a["principal"] == "app"]
        deployer = [a for a in assignments if a["principal"] == "deployer"]
        unknown = [a for a in assignments if a["principal"] not in ("app", "deployer")]
        for a in unknown:
            problems.append(f"{where} role assignment to an unexpected principal: {a['principal']} ({a['role']})")

        app_storage = [a for a in app if a["role"].startswith("Storage ")]
        for a in app_storage:
            st = scope_type(a["scope"])
            if a["role"] == "Storage Blob Data Contributor" and st != "Microsoft.Storage/storageAccounts/blobServices/containers":
                problems.append(f"{where} the app's Blob Data Contributor is scoped to {st}, not to one container")
            if a["role"] == "Storage Table Data Contributor" and st != "Microsoft.Storage/storageAccounts/tableServices/tables":
                problems.append(f"{where} the app's Table Data Contributor is scoped to {st}, not to one table")
            if a["role"] == "Storage Queue Data Contributor" and st != "Microsoft.Storage/storageAccounts":
                problems.append(f"{where} unexpected scope of the app's queue role: {st}")
        account_scoped = [a["role"] for a in app_storage if scope_type(a["scope"]) == "Microsoft.Storage/storageAccounts"]
        if account_scoped != ["Storage Queue Data Contributor"]:
            problems.append(f"{where} the app's account-wide storage roles are {account_scoped}; only the queue role may be")

        # Every container and table of the template has the app's role, and StorageNames.cs agrees with the template.
        deployed = [f for f in found if f["type"].startswith("Microsoft.Storage/storageAccounts/")]
        template_containers = {scope_leaf(f["name"]) for f in deployed if f["type"].endswith("/containers")}
        template_tables = {scope_leaf(f["name"]) for f in deployed if f["type"].endswith("/tables")}
        template_queues = {scope_leaf(f["name"]) for f in deployed if f["type"].endswith("/queues")}
        blob_scopes = {scope_leaf(a["scope"]) for a in app if a["role"] == "Storage Blob Data Contributor"}
        table_scopes = {scope_leaf(a["scope"]) for a in app if a["role"] == "Storage Table Data Contributor"}
        for missing in sorted(containers - template_containers):
            problems.append(f"{where} container {missing} (StorageNames.cs) is not created by the template")
        for missing in sorted(tables - template_tables):
            problems.append(f"{where} table {missing} (StorageNames.cs) is not created by the template")
        for missing in sorted(queues - template_queues):
            problems.append(f"{where} queue {missing} (StorageNames.cs) is not created by the template")
        for missing in sorted(template_containers - blob_scopes):
            problems.append(f"{where} container {missing} has no Blob Data Contributor role of the app scoped to it")
        for missing in sorted(template_tables - table_scopes):
            problems.append(f"{where} table {missing} has no Table Data Contributor role of the app scoped to it")
        for extra in sorted(blob_scopes - template_containers):
            problems.append(f"{where} the app has a blob role on {extra}, which the template does not create")
        for f in deployed:
            if f["type"].endswith("/containers") and f["properties"].get("publicAccess", "None") != "None":
                problems.append(f"{where} container {scope_leaf(f['name'])} is public ({f['properties'].get('publicAccess')})")
            if f["type"] == "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies":
                pass
        accounts = [f for f in found if f["type"] == "Microsoft.Storage/storageAccounts"]
        if not accounts or any(a["properties"].get("allowBlobPublicAccess") is not False for a in accounts):
            problems.append(f"{where} allowBlobPublicAccess is not false on every storage account")
        task_hub = str(parameters["taskHubName"])
        for needed in (f"{task_hub.lower()}-leases", f"{task_hub.lower()}-applease", f"{task_hub.lower()}-largemessages",
                       "azure-webjobs-hosts", "azure-webjobs-secrets"):
            if needed not in blob_scopes:
                problems.append(f"{where} the app has no blob role on {needed}")
        for needed in (f"{task_hub}Instances", f"{task_hub}History", f"{task_hub}Partitions"):
            if needed not in table_scopes:
                problems.append(f"{where} the app has no table role on {needed}")

        # Signing keys: the app may use each signatory's key, one key per assignment, never every key of the vault.
        crypto = [a for a in assignments if a["role"] == "Key Vault Crypto User"]
        signing_keys = sorted(scope_leaf(a["scope"]) for a in crypto if a["principal"] == "app")
        if signing_keys != ["signatory-saint-exemple-dgs", "signatory-saint-exemple-maire"]:
            problems.append(f"{where} the app's Key Vault Crypto User roles are scoped to {signing_keys}, expected one per signatory's key")
        for a in crypto:
            if a["principal"] != "app" or "/keys" not in scope_type(a["scope"]):
                problems.append(f"{where} Key Vault Crypto User for {a['principal']} is scoped to {a['scope']}, not to one signatory's key")

        deployer_roles = sorted(a["role"] for a in deployer)
        if kind == "production":
            data = [r for r in deployer_roles if r in DATA_ROLES]
            if data:
                problems.append(f"{where} the deploying principal has data roles in production: {data}")
            if deployer_roles != ["Key Vault Reader"]:
                problems.append(f"{where} the deploying principal's roles in production are {deployer_roles}, expected only Key Vault Reader")
        else:
            expected = sorted(["Storage Blob Data Contributor", "Storage Queue Data Contributor",
                               "Storage Table Data Contributor", "Key Vault Secrets Officer"])
            if deployer_roles != expected:
                problems.append(f"{where} the deploying principal's roles in development are {deployer_roles}, expected {expected}")

        secrets = [f for f in found if f["type"] == "Microsoft.KeyVault/vaults/secrets"]
        for f in secrets:
            if ROOT_KEY_PATTERN.search(f["name"]):
                problems.append(f"{where} root key {f['name']} is a Key Vault secret resource of the template")

        summary = ", ".join(
            f"{n} {r}" for r, n in sorted(
                {r: sum(1 for a in app if a['role'] == r) for r in {a['role'] for a in app}}.items()))
        if not quiet:
            print(f"ok: {kind}: evaluated {len(assignments)} role assignments (app: {summary}; deploying principal: "
              f"{', '.join(deployer_roles) or 'none'})")

    if "newGuid(" in template_text or "newGuid()" in template_text:
        problems.append("the template generates a value at deployment time (newGuid)")
    for name, definition in template["parameters"].items():
        if ROOT_KEY_PATTERN.search(json.dumps(definition.get("defaultValue", ""))) or re.search(r"(?i)(citizenAccessKey|reviewTokenKey|transparencySigningKey)$", name):
            problems.append(f"parameter {name} carries a root key value")

    if quiet:
        return problems
    for problem in problems:
        print(f"FAIL: {problem}")
    if problems:
        return 1
    print("ok: no Blob Data Owner; app roles scoped to each container and table (queues: account, created at run time); "
          "no public container; production: no data role for the deploying principal; no root key or generated value in the template")
    return 0


# Each mutation turns the real compiled template into one that breaks a rule; the checks must catch every one.
MUTATIONS = [
    ("the app may use every key of the vault",
     "\"scope\": \"[resourceId('Microsoft.KeyVault/vaults/keys', parameters('name'), format('signatory-{0}-{1}', parameters('signatories')[copyIndex()].commune, parameters('signatories')[copyIndex()].id))]\"",
     "\"scope\": \"[resourceId('Microsoft.KeyVault/vaults', parameters('name'))]\""),
    ("the app's blob role becomes Storage Blob Data Owner",
     '"storageBlobDataContributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe"', '"storageBlobDataContributor": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"'),
    ("the account allows public blobs", '"allowBlobPublicAccess": false', '"allowBlobPublicAccess": true'),
    ("a container becomes public", '"publicAccess": "None"', '"publicAccess": "Blob"'),
    ("the developer's storage roles are granted in production too",
     "and(equals(parameters('environmentKind'), 'development'), not(empty(parameters('principalId'))))", "not(empty(parameters('principalId')))"),
    ("the deploying principal is Secrets Officer in production too",
     "if(equals(parameters('environmentKind'), 'development'), variables('keyVaultSecretsOfficerRoleId'), variables('keyVaultReaderRoleId'))",
     "variables('keyVaultSecretsOfficerRoleId')"),
    ("the app's table roles are scoped to the account",
     "\"scope\": \"[resourceId('Microsoft.Storage/storageAccounts/tableServices/tables', parameters('name'), 'default', variables('tableNames')[copyIndex()])]\"",
     "\"scope\": \"[resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]\""),
    ("a table of StorageNames.cs is missing from the template", '"AgentNotes",', ''),
    ("a root key is generated at deployment", '"taskHubName": {', '"rootKey": {"type": "securestring", "defaultValue": "[newGuid()]"}, "taskHubName": {'),
]


def self_test(template_path, repo_root):
    text = open(template_path, encoding="utf-8").read()
    failures = 0
    for description, old, new in MUTATIONS:
        if old not in text:
            print(f"FAIL: self-test: cannot apply mutation '{description}' (text not found: {old[:80]})")
            failures += 1
            continue
        problems = check(text.replace(old, new), repo_root, quiet=True)
        if problems:
            print(f"ok: self-test: caught '{description}' ({problems[0]})")
        else:
            print(f"FAIL: self-test: mutation '{description}' was not caught")
            failures += 1
    return 1 if failures else 0


def main():
    if sys.argv[1] == "--self-test":
        return self_test(sys.argv[2], sys.argv[3])
    return check(open(sys.argv[1], encoding="utf-8").read(), sys.argv[2])


if __name__ == "__main__":
    sys.exit(main())
