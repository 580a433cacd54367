'use strict';
// Finds or builds the engine once, in jest's main process, before the test files start in
// parallel workers: the tests run `terraform validate` and `terraform console` on what the library
// synthesizes, and cdktf itself runs `terraform version` at synth for stacks with import blocks.
// Without terraform on PATH the engine is OpenTofu (scripts/toolchain.js), and cdktf is pointed at
// it through TERRAFORM_BINARY_NAME, which the workers and every program they start inherit.
const toolchain = require('../scripts/toolchain');

module.exports = async () => {
  const engine = toolchain.ensureEngine((m) => process.stderr.write(`[engine] ${m}\n`));
  Object.assign(process.env, toolchain.cdktfEngineEnv(engine));
};
