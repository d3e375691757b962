// Validates Kubernetes objects against the API schemas shipped by kubernetes-models (and KEDA's
// by @kubernetes-models/keda). Both packages are ESM with import-only exports, which Jest's
// CommonJS runtime cannot load, so k8s-manifests.spec.ts runs this file in plain Node.
// Input on stdin: a JSON array of objects. Output on stdout: a JSON array with, per object,
// null when valid or the reason it is not (unknown apiVersion/kind included).

/** Module of the model classes of one apiVersion; undefined when no package models it. */
function modelModule(apiVersion) {
  if (apiVersion === 'keda.sh/v1alpha1') return '@kubernetes-models/keda/keda.sh/v1alpha1';
  if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) return undefined;
  return `kubernetes-models/${apiVersion}`;
}

async function validate(object) {
  const specifier = modelModule(String(object.apiVersion));
  let models;
  try {
    models = specifier === undefined ? undefined : await import(specifier);
  } catch {
    models = undefined;
  }
  const Model = models?.[object.kind];
  if (typeof Model !== 'function' || Model.kind !== object.kind) {
    return `unknown apiVersion/kind ${object.apiVersion}/${object.kind}`;
  }
  try {
    new Model(object).validate();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const object of JSON.parse(input)) results.push(await validate(object));
process.stdout.write(JSON.stringify(results));
