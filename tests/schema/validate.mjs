// Validates every document of every *.yaml file in a folder against the Kubernetes OpenAPI
// schema, with kubernetes-models@4 (its validate() throws on a schema error).
//   node validate.mjs MODULES_DIR FOLDER
// MODULES_DIR holds node_modules (npm ci of tests/schema/package.json). Before the folder, a
// few documents that must fail prove that validation is live: a validator that accepts
// everything would pass every export.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [modulesDir, folder] = process.argv.slice(2);
if (!modulesDir || !folder) {
  console.error("usage: node validate.mjs MODULES_DIR FOLDER");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modulesDir), "package.json"));
const YAML = require("yaml");
const models = {
  "v1/Namespace": require("kubernetes-models/v1").Namespace,
  "v1/Pod": require("kubernetes-models/v1").Pod,
  "apps/v1/Deployment": require("kubernetes-models/apps/v1").Deployment,
  "networking.k8s.io/v1/NetworkPolicy": require("kubernetes-models/networking.k8s.io/v1").NetworkPolicy,
};

// The schema error of one object, or "" when it validates.
function problem(object) {
  if (object === null || typeof object !== "object") return "not an object";
  const Model = models[`${object.apiVersion}/${object.kind}`];
  if (!Model) return `no schema for apiVersion ${object.apiVersion}, kind ${object.kind}`;
  try {
    new Model(object).validate();
    return "";
  } catch (e) {
    return String(e.message || e).split("\n").slice(0, 6).join("\n    ");
  }
}

const mustFail = [
  ["a port that is neither number nor name", { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
    metadata: { name: "x" }, spec: { podSelector: {}, ingress: [{ ports: [{ port: { no: 1 } }] }] } }],
  ["a policy type that does not exist", { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
    metadata: { name: "x" }, spec: { podSelector: {}, policyTypes: [7] } }],
  ["a policy without its podSelector", { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
    metadata: { name: "x" }, spec: {} }],
  ["an ipBlock without its cidr", { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
    metadata: { name: "x" }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { except: [] } }] }] } }],
  ["a container port that is a string", { apiVersion: "v1", kind: "Pod", metadata: { name: "x" },
    spec: { containers: [{ name: "c", ports: [{ containerPort: "80" }] }] } }],
];
let failures = 0;
for (const [what, object] of mustFail) {
  if (problem(object) === "") {
    console.error(`validation is not live: ${what} was accepted`);
    failures++;
  }
}

const counts = {};
let files = 0;
for (const name of fs.readdirSync(folder).filter((n) => n.endsWith(".yaml")).sort()) {
  const file = path.join(folder, name);
  files++;
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
  docs.forEach((doc, i) => {
    if (doc.errors.length) {
      console.error(`${file}: document ${i + 1}: YAML error: ${doc.errors[0].message}`);
      failures++;
      return;
    }
    const object = doc.toJS();
    if (object === null) return;
    const why = problem(object);
    const key = `${object.kind}`;
    counts[key] = (counts[key] || 0) + 1;
    if (why) {
      const line = doc.range ? fs.readFileSync(file, "utf8").slice(0, doc.range[0]).split("\n").length : 0;
      console.error(`${file}:${line}: ${object.kind} ${object.metadata?.namespace ?? ""}/${object.metadata?.name}: ${why}`);
      failures++;
    }
  });
}
console.log(`${files} files: ` + Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ") +
            `; ${mustFail.length} invalid documents refused as they must be`);
if (files === 0) {
  console.error(`no *.yaml files in ${folder}`);
  failures++;
}
if (failures) {
  console.error(`${failures} problems`);
  process.exit(1);
}
