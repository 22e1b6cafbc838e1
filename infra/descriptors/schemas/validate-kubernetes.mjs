// Validates Kubernetes and Knative objects with kubernetes-models' own validators (generated from the Kubernetes
// OpenAPI schema and from Knative's CRDs). Reads a JSON array of {where, object} on stdin and prints one JSON line
// per object: {where, model, errors}. An object of an API group or kind neither package knows is an error too.
const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => { text += chunk; });
  process.stdin.on("end", () => resolve(text));
}));

/** The modules that may define apiVersion/kind, in the order tried: core and built-in groups, then Knative. */
function candidates(apiVersion, kind) {
  // apiVersion is "v1" (the core group) or "group/version", as the packages' module paths are laid out.
  return [`kubernetes-models/${apiVersion}/${kind}`, `@kubernetes-models/knative/${apiVersion}/${kind}`];
}

async function load(apiVersion, kind) {
  for (const name of candidates(apiVersion, kind)) {
    try {
      const module = await import(name);
      if (typeof module[kind] === "function") {
        return { name, model: module[kind] };
      }
    } catch (e) {
      if (e.code !== "ERR_MODULE_NOT_FOUND" && e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") {
        throw e;
      }
    }
  }
  return null;
}

for (const { where, object } of input) {
  const found = await load(String(object.apiVersion), String(object.kind));
  if (!found) {
    console.log(JSON.stringify({ where, model: null, errors: [`no schema for ${object.apiVersion} ${object.kind}`] }));
    continue;
  }
  let errors = [];
  try {
    new found.model(object).validate();
  } catch (e) {
    errors = (e.errors ?? [{ instancePath: "", message: e.message }])
      .map((error) => `${error.instancePath || "/"} ${error.message}${error.params ? " " + JSON.stringify(error.params) : ""}`);
  }
  console.log(JSON.stringify({ where, model: found.name, errors }));
}
